/** The event half of a MapLibre map, for fakes that need `on`, `off` and a way to fire. */
export class FakeMapEvents {
  handlers = new Map<string, Set<() => void>>();
  on(type: string, f: () => void) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type)!.add(f);
    return this;
  }
  off(type: string, f: () => void) {
    this.handlers.get(type)?.delete(f);
    return this;
  }
  fire(type: string) {
    for (const f of [...(this.handlers.get(type) ?? [])]) f();
  }
}
