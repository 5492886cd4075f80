// node:process, handed over as CommonJS (cdk/bundling.ts, NODE_BUILTINS, says why).
module.exports = process.getBuiltinModule('node:process');
