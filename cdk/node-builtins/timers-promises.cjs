// node:timers/promises, handed over as CommonJS (cdk/bundling.ts, NODE_BUILTINS, says why).
module.exports = process.getBuiltinModule('node:timers/promises');
