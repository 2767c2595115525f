/**
 * CSV that Excel and WPS open correctly with Chinese text (UTF-8 with BOM, CRLF) and that cannot
 * run a formula (OWASP "CSV injection"): a counterparty named "=HYPERLINK(...)" stays text.
 *
 * Excel splits a line on the list separator of the user's region, which is ";" in much of the
 * world, and a tab or line break can split it too. So a cell holding any of , ; tab CR LF or " is
 * quoted, and a formula character (= + - @ tab CR) gets a leading apostrophe both at the start of
 * the cell and right after each of those separators inside it: "房租;=1+1" opened with ";" as the
 * separator would otherwise put a live "=1+1" in a cell of its own.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const SEPARATORS = /[,;\t\r\n"]/;
/** A formula character right after a separator (a quote splits nothing, so it is not one). */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n])(?=[=+\-@\t\r])/g;

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** One spreadsheet cell as text that never starts a formula (XLSX cells, which nothing splits). */
export function neutralizeCell(value: unknown): string {
  const t = text(value);
  return FORMULA_START.test(t) ? `'${t}` : t;
}

/** One CSV field: neutralised at its start and after every separator inside it, then quoted if needed. */
export function csvField(value: unknown): string {
  const cell = neutralizeCell(text(value).replace(FORMULA_AFTER_SEPARATOR, "$1'"));
  return SEPARATORS.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function toCsv(header: string[], rows: unknown[][]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
