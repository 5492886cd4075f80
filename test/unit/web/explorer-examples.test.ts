/**
 * The explorer's preloaded tabs are plain strings a reader edits (not typed documents like the pages'):
 * each must still be a valid query of the served schema, for every kind of scope, or a reader's first
 * click in the explorer is an error. The pages' documents are checked by `npm run typecheck` instead.
 */
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { servedSchemaSource } from '../../../lambda/api/catalogue-schema.js';
import { exampleTabs } from '../../../web/src/pages/explorer-examples.js';

const schema = buildSchema(servedSchemaSource());

describe('the explorer example tabs', () => {
  for (const scope of [null, '52', '35.09']) {
    it(`are valid queries of the schema for scope ${scope ?? 'national'}`, () => {
      const tabs = exampleTabs(scope, { year: 2025, firstRegencyOf: (p) => `${p}.01`, defaultProvince: '33' });
      expect(tabs).toHaveLength(3);
      for (const tab of tabs) expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
    });
  }

  it('ask a user without a region scope about the default province, not a fixed one', () => {
    const tabs = exampleTabs(null, { year: 2025, firstRegencyOf: (p) => `${p}.01`, defaultProvince: '33' });
    expect(JSON.parse(tabs[0]!.variables!)).toMatchObject({ province: '33', regency: '33.01' });
  });
});
