/** DynamoDB's item size: attribute names plus values (numbers about one byte per two digits). */
export function approximateItemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'number') bytes += Math.ceil(String(Math.abs(value)).replace('.', '').length / 2) + 1;
    else if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (value instanceof Set) bytes += [...value].reduce((s: number, v) => s + Buffer.byteLength(String(v)), 0);
    else bytes += Buffer.byteLength(JSON.stringify(value) ?? '');
  }
  return bytes;
}
