/**
 * A d3-geo path context that writes compact SVG path data: whole pixels, each ring's first point absolute
 * and the rest relative (`M420,51l0,-1 1,0…`), leaving out every point that lands on the pixel of the one
 * before it — at map size, the boundary file's detail below a pixel only adds bytes. Rings that shrink to
 * fewer than three points are dropped.
 */
export class PixelPathContext {
  private parts: string[] = [];
  private ring: string[] = [];
  private lastX = Number.NaN;
  private lastY = Number.NaN;

  private round(v: number): number {
    return Math.round(v);
  }

  moveTo(x: number, y: number): void {
    this.flush();
    this.lastX = this.round(x);
    this.lastY = this.round(y);
    this.ring = [`M${this.lastX},${this.lastY}`];
  }

  lineTo(x: number, y: number): void {
    const rx = this.round(x);
    const ry = this.round(y);
    if (rx === this.lastX && ry === this.lastY) return;
    const step = `${rx - this.lastX},${ry - this.lastY}`;
    this.ring.push(this.ring.length === 1 ? `l${step}` : ` ${step}`);
    this.lastX = rx;
    this.lastY = ry;
  }

  closePath(): void {
    if (this.ring.length >= 3) this.parts.push(`${this.ring.join('')}Z`);
    this.ring = [];
  }

  /** Circles (GeoJSON points) do not occur in boundary files; they are left out. */
  arc(): void {
    // no points on a boundary map
  }

  beginPath(): void {
    // d3-geo calls this per geometry; nothing to do
  }

  private flush(): void {
    if (this.ring.length >= 2) this.parts.push(this.ring.join(''));
    this.ring = [];
  }

  /** The path data collected since the last call, and start afresh. */
  result(): string {
    this.flush();
    const d = this.parts.join('');
    this.parts = [];
    return d;
  }
}
