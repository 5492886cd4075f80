/** `@apollo/server/plugin/disabled`, ESM build only (see ../index.ts). */
export * from '../../../../node_modules/@apollo/server/dist/esm/plugin/disabled/index.js';
