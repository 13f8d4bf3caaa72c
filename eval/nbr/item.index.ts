/** Dense integer ids for item strings, in first-seen order (used for deterministic tie-breaking). */
export class ItemIndex {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** The dense id of `item`, assigning the next one if it is new. */
  intern(item: string): number {
    let id = this.ids.get(item);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(item, id);
      this.names.push(item);
    }
    return id;
  }

  /** The dense id of `item`, or undefined if it was never seen. */
  get(item: string): number | undefined {
    return this.ids.get(item);
  }

  /** The item string of dense id `id`. */
  name(id: number): string {
    return this.names[id];
  }

  /** Number of distinct items. */
  get size(): number {
    return this.names.length;
  }
}
