/**
 * What debris-watch screens: the twin's own satellites (from the cluster definitions, then their
 * elements after each burn it commands), background objects, and the fragments of every
 * collision. Objects keep their index while alive; a lost object leaves the screened set.
 */
import { Sgp4Batch, toSatrec, type MeanElements, type SatRec } from "@orbitwin/physics";
import { ErrorCodes, OrbitwinError } from "@orbitwin/protocol";

export type ObjectKind = "fleet" | "debris" | "fragment";

export interface CatalogObject {
  id: string;
  kind: ObjectKind;
  elements: MeanElements;
  satrec: SatRec;
  radiusM: number;
  massKg: number;
  /** for fleet satellites */
  cluster?: string;
  /** the delta-v it has spent on avoidance, m/s */
  deltaVUsedMS: number;
  alive: boolean;
}

export class Catalog {
  readonly #objects: CatalogObject[] = [];
  readonly #byId = new Map<string, CatalogObject>();
  #screened: CatalogObject[] | undefined;
  #screenedOrbits: Sgp4Batch | undefined;

  add(o: Omit<CatalogObject, "satrec" | "deltaVUsedMS" | "alive">): CatalogObject {
    if (this.#byId.has(o.id))
      throw new OrbitwinError(ErrorCodes.invalidScenario, `catalog: object id ${o.id} is used twice: give every satellite and debris object its own id`);
    const object: CatalogObject = { ...o, satrec: toSatrec(o.elements), deltaVUsedMS: 0, alive: true };
    this.#objects.push(object);
    this.#byId.set(o.id, object);
    this.#changed();
    return object;
  }

  get(id: string): CatalogObject | undefined {
    return this.#byId.get(id);
  }

  /** A burn (or any new orbit determination): SGP4 continues from these elements. */
  replaceElements(id: string, elements: MeanElements): void {
    const o = this.#byId.get(id);
    if (!o) throw new OrbitwinError(ErrorCodes.unknownSatellite, `catalog: no object ${id}`);
    o.elements = elements;
    o.satrec = toSatrec(elements);
    this.#changed();
  }

  remove(id: string): void {
    const o = this.#byId.get(id);
    if (!o || !o.alive) return;
    o.alive = false;
    this.#changed();
  }

  /** The living objects, in the order they were added: screening indexes into this list. */
  screened(): readonly CatalogObject[] {
    this.#screened ??= this.#objects.filter((o) => o.alive);
    return this.#screened;
  }

  /** The batched SGP4 records of `screened()`, slot for index: what a screen propagates. */
  screenedOrbits(): Sgp4Batch {
    this.#screenedOrbits ??= Sgp4Batch.fromSatrecs(this.screened().map((o) => o.satrec));
    return this.#screenedOrbits;
  }

  #changed(): void {
    this.#screened = undefined;
    this.#screenedOrbits = undefined;
  }

  /** Every object, dead ones too (indexes and ids stay stable across a restore). */
  snapshot(): Omit<CatalogObject, "satrec">[] {
    return this.#objects.map(({ satrec: _satrec, ...rest }) => ({ ...rest, elements: { ...rest.elements } }));
  }

  static fromSnapshot(objects: readonly Omit<CatalogObject, "satrec">[]): Catalog {
    const c = new Catalog();
    for (const o of objects) {
      const object: CatalogObject = { ...o, satrec: toSatrec(o.elements) };
      c.#objects.push(object);
      c.#byId.set(o.id, object);
    }
    return c;
  }

  count(kind: ObjectKind): number {
    let n = 0;
    for (const o of this.#objects) if (o.alive && o.kind === kind) n++;
    return n;
  }
}
