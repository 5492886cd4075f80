/**
 * A sortable table that can also write itself as CSV: the rows in the order shown, the columns shown,
 * with machine values (integer rupiah, ratios as decimals) so a spreadsheet can add them up again.
 */
import { csvText } from './csv.js';
import { t } from '../i18n/i18n.js';
import { h, replaceChildren } from './dom.js';

export type CellValue = number | string | null;

export interface Column<R> {
  /** Stable id: the cell's `data-col`, used by tests and styles. */
  id: string;
  label: string;
  value: (row: R) => CellValue;
  /** What the cell shows; the raw value when omitted. */
  format?: (row: R) => string | Node;
  numeric?: boolean;
  /** What the column sorts by when it is not `value` (a severity by its rank, not by its name). */
  sortValue?: (row: R) => CellValue;
  /** Written to the CSV only: lists the screen shows in a row's details instead. */
  csvOnly?: boolean;
}

/** Rows that unfold: a toggle in the last column shows `render(row)` in a full-width row beneath. */
export interface RowDetails<R> {
  label: string;
  /** The toggle's text, e.g. how many records the details name. */
  summary: (row: R) => string;
  render: (row: R) => Node;
}

export interface TableOptions<R> {
  columns: Array<Column<R>>;
  rows: R[];
  caption?: string;
  testId: string;
  sort?: { column: string; descending: boolean };
  /** Scrolls inside a box of limited height (long tables), keeping the header in view. */
  tall?: boolean;
  /** Shown in the footer and left out of the CSV (a sum line would be counted twice by a pivot). */
  totals?: Partial<Record<string, string>>;
  onRowClick?: (row: R) => void;
  /** A row's `data-row`, so a test or a link can find one row. */
  rowId?: (row: R) => string;
  /** A class for rows that need attention (flagged months). */
  rowClass?: (row: R) => string | null;
  details?: RowDetails<R>;
  /** A full-width line under a row, always shown (what a flag means for that row); none when null. */
  note?: (row: R) => Node | null;
}

export interface DataTable<R> {
  element: HTMLElement;
  shownRows(): R[];
  toCsv(): string;
}

export function dataTable<R>(options: TableOptions<R>): DataTable<R> {
  const { caption, testId, details } = options;
  const columns = options.columns.filter((c) => !c.csvOnly);
  let sort = options.sort;
  let shown = options.rows.slice();
  // Unfolded rows stay unfolded when the table is sorted again.
  const open = new Set<R>();

  const head = h('thead');
  const body = h('tbody');
  const table = h('table', { class: 'data-table', 'data-testid': testId }, caption ? h('caption', {}, caption) : null, head, body);
  if (options.totals) {
    const totals = options.totals;
    table.append(
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          columns.map((c, i) => h(i === 0 ? 'th' : 'td', { class: c.numeric ? 'num' : null, 'data-col': c.id }, totals[c.id] ?? '')),
          details ? h('td', {}) : null,
        ),
      ),
    );
  }

  function render(): void {
    shown = sorted(options.rows, columns, sort);
    replaceChildren(
      head,
      h(
        'tr',
        {},
        columns.map((column) => {
          const active = sort?.column === column.id;
          return h(
            'th',
            {
              scope: 'col',
              class: column.numeric ? 'num' : null,
              'aria-sort': active ? (sort!.descending ? 'descending' : 'ascending') : 'none',
              'data-col': column.id,
            },
            h(
              'button',
              {
                type: 'button',
                class: 'sort',
                title: t('sortBy', { column: column.label }),
                onclick: () => {
                  sort = { column: column.id, descending: active ? !sort!.descending : column.numeric === true };
                  render();
                },
              },
              column.label,
              h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (sort!.descending ? '▼' : '▲') : '↕'),
            ),
          );
        }),
        details ? h('th', { scope: 'col', 'data-col': 'details' }, details.label) : null,
      ),
    );
    replaceChildren(
      body,
      shown.flatMap((row) => {
        const classes = [options.onRowClick ? 'clickable' : null, options.rowClass?.(row) ?? null].filter(Boolean).join(' ');
        const tr = h(
          'tr',
          { class: classes || null, 'data-row': options.rowId?.(row) ?? null },
          columns.map((column) =>
            h(
              'td',
              { class: column.numeric ? 'num' : null, 'data-col': column.id },
              column.format ? column.format(row) : String(column.value(row) ?? ''),
            ),
          ),
        );
        if (options.onRowClick)
          tr.addEventListener('click', (event) => {
            // A link or a button inside the row acts by itself.
            if (!(event.target instanceof Element && event.target.closest('a, button'))) options.onRowClick!(row);
          });
        const note = options.note?.(row);
        const noted = note
          ? [
              tr,
              h(
                'tr',
                { class: `row-note ${classes}`.trim(), 'data-note-of': options.rowId?.(row) ?? null },
                h('td', { colspan: columns.length + (details ? 1 : 0) }, note),
              ),
            ]
          : [tr];
        if (!details) return noted;
        const unfolded = h(
          'tr',
          { class: 'row-details', hidden: !open.has(row), 'data-details-of': options.rowId?.(row) ?? null },
          h('td', { colspan: columns.length + 1 }, details.render(row)),
        );
        const toggle = h(
          'button',
          {
            type: 'button',
            class: 'details-toggle',
            'aria-expanded': String(open.has(row)),
            onclick: () => {
              const opening = !open.has(row);
              if (opening) open.add(row);
              else open.delete(row);
              unfolded.hidden = !opening;
              toggle.setAttribute('aria-expanded', String(opening));
            },
          },
          details.summary(row),
        );
        tr.append(h('td', { 'data-col': 'details' }, toggle));
        return [...noted, unfolded];
      }),
    );
  }
  render();

  return {
    element: h('div', { class: options.tall ? 'table-scroll tall' : 'table-scroll' }, table),
    shownRows: () => shown,
    // The CSV has every column, those shown only in a row's details too.
    toCsv: () => toCsv(options.columns, shown),
  };
}

function sorted<R>(rows: R[], columns: Array<Column<R>>, sort: TableOptions<R>['sort']): R[] {
  const column = sort && columns.find((c) => c.id === sort.column);
  if (!column || !sort) return rows.slice();
  const direction = sort.descending ? -1 : 1;
  const key = column.sortValue ?? column.value;
  return rows
    .map((row, index) => ({ row, index, value: key(row) }))
    .sort((a, b) => {
      // Empty values last in either direction; ties keep the API's order.
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const order =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value), 'id');
      return order !== 0 ? order * direction : a.index - b.index;
    })
    .map((entry) => entry.row);
}

/** The table as CSV (web/src/ui/csv.ts): header of the column labels, then the rows' machine values. */
export function toCsv<R>(columns: Array<Column<R>>, rows: R[]): string {
  return csvText([columns.map((c) => c.label), ...rows.map((row) => columns.map((c) => c.value(row)))]);
}

/** Saves `csv` as a file; the byte-order mark makes Excel read the UTF-8 correctly. */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The button that saves a table as CSV, as it is shown at the moment of the click. */
export function csvButton(testId: string, filename: string, table: Pick<DataTable<unknown>, 'toCsv'>): HTMLElement {
  return h(
    'button',
    { type: 'button', class: 'button', 'data-testid': testId, onclick: () => downloadCsv(filename, table.toCsv()) },
    t('exportCsv'),
  );
}
