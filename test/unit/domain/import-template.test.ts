import { describe, expect, it } from 'vitest';
import { importTemplate, templateColumns } from '../../../lambda/domain/import-template.js';
import { COLUMNS, IMPORT_KINDS, rowSchemas, validateRow } from '../../../lambda/domain/validation.js';
import { readCsv } from '../../../lambda/ingest/csv-file.js';
import { referenceData } from '../../../lambda/reference-data.js';

describe('import templates', () => {
  const schemas = rowSchemas(referenceData().regions);

  for (const kind of IMPORT_KINDS) {
    it(`${kind}: the header is the validator's columns and the example row passes the import's checks`, () => {
      const text = importTemplate(kind);
      const [header, example, trailing, ...more] = text.split('\n');
      expect(header!.split(',')).toEqual([...COLUMNS[kind].required, ...COLUMNS[kind].optional]);
      expect(templateColumns(kind)).toEqual(header!.split(','));
      expect(example).not.toBe('');
      expect([trailing, ...more]).toEqual(['']);

      const { rows, errors } = readCsv(kind, `${kind}.csv`, text);
      expect(errors).toEqual([]);
      expect(rows).toHaveLength(1);
      const result = validateRow(schemas, kind, rows[0]!.values, `${kind}.csv`, rows[0]!.line);
      expect(result.ok ? [] : result.errors).toEqual([]);
    });
  }
});
