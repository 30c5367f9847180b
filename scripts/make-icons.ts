/**
 * Draws the toolbar icon (a green shield with a white check mark) at each size the manifest
 * names and writes PNGs to public/icons. Run once with `npx tsx scripts/make-icons.ts`; the PNGs
 * are committed so the build needs no image tool.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128];
const SHIELD: [number, number, number] = [0x1f, 0x7a, 0x4d];

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Coverage (0..1) of the shield outline at a point in unit coordinates (0..1 both ways). */
function insideShield(x: number, y: number): boolean {
  const halfWidth = y < 0.55 ? 0.42 : 0.42 * Math.sqrt(Math.max(0, 1 - ((y - 0.55) / 0.4) ** 2));
  return y > 0.06 && y < 0.95 && Math.abs(x - 0.5) <= halfWidth;
}

function distanceToSegment(px: number, py: number, a: [number, number], b: [number, number]) {
  const [ax, ay] = a;
  const [bx, by] = b;
  const t = Math.max(
    0,
    Math.min(
      1,
      ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2),
    ),
  );
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

function onCheck(x: number, y: number): boolean {
  const stroke = 0.075;
  return (
    distanceToSegment(x, y, [0.3, 0.5], [0.45, 0.66]) < stroke ||
    distanceToSegment(x, y, [0.45, 0.66], [0.72, 0.34]) < stroke
  );
}

function draw(size: number): Buffer {
  const samples = 4;
  const rows: Buffer[] = [];
  for (let row = 0; row < size; row++) {
    const line = Buffer.alloc(1 + size * 4);
    for (let col = 0; col < size; col++) {
      let shield = 0;
      let check = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (col + (sx + 0.5) / samples) / size;
          const y = (row + (sy + 0.5) / samples) / size;
          if (insideShield(x, y)) {
            shield++;
            if (onCheck(x, y)) check++;
          }
        }
      }
      const total = samples * samples;
      const white = check / Math.max(shield, 1);
      const offset = 1 + col * 4;
      for (let channel = 0; channel < 3; channel++) {
        line[offset + channel] = Math.round((SHIELD[channel] ?? 0) * (1 - white) + 255 * white);
      }
      line[offset + 3] = Math.round((255 * shield) / total);
    }
    rows.push(line);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icons', { recursive: true });
for (const size of SIZES) writeFileSync(`public/icons/icon-${size}.png`, draw(size));
