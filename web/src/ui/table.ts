/**
 * A sortable table that can also write itself as CSV: the rows in the order shown, the columns shown,
 * with machine values (integer rupiah, ratios as decimals) so a spreadsheet can add them up again.
 */
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
}

export interface DataTable<R> {
  element: HTMLElement;
  shownRows(): R[];
  toCsv(): string;
}

export function dataTable<R>(options: TableOptions<R>): DataTable<R> {
  const { columns, caption, testId } = options;
  let sort = options.sort;
  let shown = options.rows.slice();

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
      ),
    );
    replaceChildren(
      body,
      shown.map((row) => {
        const tr = h(
          'tr',
          { class: options.onRowClick ? 'clickable' : null },
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
            // A link inside the row navigates by itself.
            if (!(event.target instanceof Element && event.target.closest('a'))) options.onRowClick!(row);
          });
        return tr;
      }),
    );
  }
  render();

  return {
    element: h('div', { class: options.tall ? 'table-scroll tall' : 'table-scroll' }, table),
    shownRows: () => shown,
    toCsv: () => toCsv(columns, shown),
  };
}

function sorted<R>(rows: R[], columns: Array<Column<R>>, sort: TableOptions<R>['sort']): R[] {
  const column = sort && columns.find((c) => c.id === sort.column);
  if (!column || !sort) return rows.slice();
  const direction = sort.descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, value: column.value(row) }))
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

/** RFC 4180 CSV with CRLF line ends. */
export function toCsv<R>(columns: Array<Column<R>>, rows: R[]): string {
  const lines = [columns.map((c) => csvField(c.label)), ...rows.map((row) => columns.map((c) => csvField(c.value(row))))];
  return lines.map((fields) => fields.join(',')).join('\r\n') + '\r\n';
}

function csvField(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // A text cell starting with = + - @ would be run as a formula by a spreadsheet.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
