/**
 * The upload page's GraphQL documents and the real `UploadDeps`: the API through the one client, the
 * file's bytes straight from the browser to the ticket's URL (they never pass through the API, whose
 * Lambda payload limit is far below a regency's roster), and the browser's clock.
 */
import { query } from '../api/client.js';
import { graphql } from '../generated/gql.js';
import type { ImportKind } from '../generated/graphql.js';
import type { UploadDeps } from './flow.js';

export const IMPORT_TEMPLATE = graphql(/* GraphQL */ `
  query ImportTemplate($kind: ImportKind!) {
    importTemplate(kind: $kind) {
      kind
      fileName
      csv
    }
  }
`);

export const REQUEST_UPLOAD = graphql(/* GraphQL */ `
  mutation RequestUpload($kind: ImportKind!, $fileName: String!) {
    requestUpload(kind: $kind, fileName: $fileName) {
      uploadId
      url
      headers {
        name
        value
      }
      expiresAt
    }
  }
`);

export const UPLOAD_STATUS = graphql(/* GraphQL */ `
  query UploadStatus($id: ID!) {
    upload(id: $id) {
      uploadId
      state
      kind
      fileName
      entry {
        importId
        at
        rowsRead
        written
        unchanged
        rejected
        errorCount
        outcome
        periodsAdded
        periodsChanged
        periodsRemoved
        rowErrors {
          line
          column
          reason
        }
      }
    }
  }
`);

export async function fetchTemplate(kind: ImportKind, signal?: AbortSignal) {
  return (await query(IMPORT_TEMPLATE, { kind }, signal)).importTemplate;
}

export const browserUploadDeps: UploadDeps = {
  requestUpload: async (kind, fileName, signal) => (await query(REQUEST_UPLOAD, { kind, fileName }, signal)).requestUpload,
  put: async (url, headers, body, signal) => (await fetch(url, { method: 'PUT', headers, body, signal })).status,
  status: async (uploadId, signal) => (await query(UPLOAD_STATUS, { id: uploadId }, signal)).upload,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
  now: () => Date.now(),
};
