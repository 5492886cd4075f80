/**
 * Lookups over the measure catalogue (measure-catalogue.ts): a measure's definition, the base measures
 * (with fixed filters) it is computed from, its unit and the dimensions and region levels it supports.
 * The catalogue is checked when this module loads: an entry naming an unknown measure, or a fixed filter
 * on a dimension its base does not have or with an unknown value, fails at start, not at query time.
 */
import { DIMENSION_CATALOGUE, type AttributeDimension, type Dimension } from './dimensions.js';
import { MEASURES } from './measure-catalogue.js';
import type { BaseMeasure, FixedFilter, MeasureDefinition, MeasureOperand, Unit } from './measure-definition.js';
import type { RegionLevel } from './regions.js';

export type * from './measure-definition.js';
export { MEASURES };

/** The names of the catalogue's measures: the GraphQL Measure enum is generated from exactly these. */
export type MeasureName = (typeof MEASURES)[number]['name'];

const BY_NAME = new Map<string, MeasureDefinition>(MEASURES.map((m) => [m.name, m]));

/** A measure the type system knows is in the catalogue (e.g. a GraphQL Measure argument). */
export function measureDefinition(name: MeasureName): MeasureDefinition {
  return BY_NAME.get(name)!;
}

export function measureByName(name: string): MeasureDefinition | undefined {
  return BY_NAME.get(name);
}

export function requireMeasure(name: string): MeasureDefinition {
  const m = BY_NAME.get(name);
  if (!m) throw new Error(`Unknown measure ${name}`);
  return m;
}

export interface Operand {
  measure: BaseMeasure;
  filter: FixedFilter | undefined;
}

/** Both filters must hold: per dimension, the values in both (keys in catalogue order, so equal filters print equally). */
function intersect(a: FixedFilter | undefined, b: FixedFilter | undefined): FixedFilter | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: FixedFilter = {};
  for (const d of Object.keys(DIMENSION_CATALOGUE) as AttributeDimension[]) {
    const x = a[d];
    const y = b[d];
    if (x || y) out[d] = x && y ? x.filter((v) => y.includes(v)) : (x ?? y)!;
  }
  return out;
}

type Lookup = (name: string) => MeasureDefinition | undefined;

/** A base or filtered measure as the base measure and fixed filter it reads. */
function resolveOperand(lookup: Lookup, owner: string, op: MeasureOperand): Operand {
  const m = lookup(op.measure);
  if (!m) throw new Error(`${owner}: unknown measure ${op.measure}`);
  if (m.kind === 'base') return { measure: m, filter: op.filter };
  if (m.kind === 'filtered') {
    const inner = resolveOperand(lookup, m.name, { measure: m.measure, filter: m.filter });
    return { measure: inner.measure, filter: intersect(inner.filter, op.filter) };
  }
  throw new Error(`${owner}: operand ${op.measure} must be a base or a filtered measure`);
}

function operandsOf(lookup: Lookup, m: MeasureDefinition): Operand[] {
  if (m.kind === 'base') return [{ measure: m, filter: undefined }];
  if (m.kind === 'filtered') return [resolveOperand(lookup, m.name, { measure: m.measure, filter: m.filter })];
  return [resolveOperand(lookup, m.name, m.left), resolveOperand(lookup, m.name, m.right)];
}

/** The base measures a measure is computed from, with the fixed filters that apply to each. */
export function baseOperands(name: string): Operand[] {
  return operandsOf(measureByName, requireMeasure(name));
}

/** A filtered measure counts in its base's unit; base and derived measures declare theirs. */
export function measureUnit(name: MeasureName): Unit {
  const m = measureDefinition(name);
  return m.kind === 'filtered' ? baseOperands(name)[0]!.measure.unit : m.unit;
}

/** Fails on an entry the engine could not evaluate: unknown operands, fixed filters outside the base's dimensions or values. */
export function checkCatalogue(measures: readonly MeasureDefinition[]): void {
  const byName = new Map<string, MeasureDefinition>();
  for (const m of measures) {
    if (byName.has(m.name)) throw new Error(`Measure catalogue: ${m.name} is defined twice`);
    byName.set(m.name, m);
  }
  for (const m of measures) {
    for (const o of operandsOf((n) => byName.get(n), m)) {
      for (const [d, values] of Object.entries(o.filter ?? {}) as Array<[AttributeDimension, readonly string[]]>) {
        if (!o.measure.dimensions.includes(d)) throw new Error(`Measure catalogue: ${m.name} filters ${o.measure.name} on ${d}, which it does not have`);
        const allowed = DIMENSION_CATALOGUE[d].values as readonly string[];
        const bad = values.filter((v) => !allowed.includes(v));
        if (bad.length > 0 || values.length === 0) throw new Error(`Measure catalogue: ${m.name} filters ${d} on ${bad.join(', ') || 'no value'}`);
      }
    }
  }
}

checkCatalogue(MEASURES);

/** Dimensions a measure supports: its base's, or for a derived measure those both operands support. */
export function supportedDimensions(name: string): Set<Dimension> {
  const bases = baseOperands(name).map((o) => o.measure);
  const dims = new Set<Dimension>(['REGION']);
  for (const d of bases[0]!.dimensions) if (bases.every((b) => b.dimensions.includes(d))) dims.add(d);
  return dims;
}

export function supportedRegionLevels(name: string): RegionLevel[] {
  const bases = baseOperands(name).map((o) => o.measure);
  return bases[0]!.regionLevels.filter((l) => bases.every((b) => b.regionLevels.includes(l)));
}
