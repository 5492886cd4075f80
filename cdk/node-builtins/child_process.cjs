// node:child_process, handed over as CommonJS (cdk/bundling.ts, NODE_BUILTINS, says why).
module.exports = process.getBuiltinModule('node:child_process');
