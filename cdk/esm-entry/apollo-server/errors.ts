/** `@apollo/server/errors`, ESM build only (see index.ts). */
export * from '../../../node_modules/@apollo/server/dist/esm/errors/index.js';
