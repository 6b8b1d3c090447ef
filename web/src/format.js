// Display formatting: unit conversions only. Every value comes from the core's report.

const JOULES_PER_WH = 3600;

/** Joules to milliwatt-hours (1 mWh = 3.6 J). */
export const toMilliwattHours = (joules) => (joules / JOULES_PER_WH) * 1000;

/** Joules per inference to watt-hours per `count` inferences. */
export const toWattHoursPer = (joules, count) => (joules * count) / JOULES_PER_WH;

/** A number with `digits` significant digits, without exponent notation for everyday magnitudes. */
export function significant(value, digits = 4) {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  if (magnitude < -6 || magnitude > 15) return value.toExponential(digits - 1);
  const decimals = Math.max(0, digits - 1 - magnitude);
  return numberFormat(decimals, magnitude >= 4).format(value);
}

// One Intl.NumberFormat per (decimals, grouping): building one costs far more than using it, and a
// table draws thousands of figures.
const formats = new Map();
function numberFormat(decimals, grouping) {
  const key = decimals * 2 + Number(grouping);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0, useGrouping: grouping })));
  return f;
}

// Picks the prefix that keeps the number between 1 and 1000.
function scaled(value, unit, prefixes, digits) {
  if (value === 0) return `0 ${unit}`;
  const abs = Math.abs(value);
  for (const [factor, prefix] of prefixes) {
    if (abs >= factor * 0.9995) return `${significant(value / factor, digits)} ${prefix}${unit}`;
  }
  const [factor, prefix] = prefixes[prefixes.length - 1];
  return `${significant(value / factor, digits)} ${prefix}${unit}`;
}

const SMALL = [[1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n']];
const LARGE = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, '']];

/** 0.0068 -> "6.822 mJ"; 1.475 -> "1.475 J". */
export const formatEnergy = (joules, digits = 4) => (joules >= 1000 ? `${significant(joules / 1000, digits)} kJ` : scaled(joules, 'J', SMALL, digits));

/** Watt-hours: 409.9 -> "409.9 Wh", 1055 -> "1.055 kWh", 2.5e6 -> "2.5 MWh". */
export const formatWattHours = (wh, digits = 4) => scaled(wh, 'Wh', LARGE, digits);

/** A mass of CO2e: 12.3 -> "12.3 g", 4560 -> "4.56 kg", 1.2e6 -> "1.2 t". */
export const formatGrams = (grams) => (grams >= 1e6 ? `${significant(grams / 1e6)} t` : grams >= 1000 ? `${significant(grams / 1000)} kg` : `${significant(grams)} g`);

/** 0.0082 -> "8.218 ms". */
export const formatTime = (seconds, digits = 4) => (seconds >= 1 ? `${significant(seconds, digits)} s` : scaled(seconds, 's', SMALL, digits));

/** 22423851522 -> "22.42 G" (FLOPs, parameters). */
export const formatCount = (n, digits = 4) => (Math.abs(n) < 1000 ? String(n) : scaled(n, '', LARGE, digits).trim());

/** Bytes in decimal units: 664876944 -> "664.9 MB". */
export const formatBytes = (n, digits = 4) => (Math.abs(n) < 1000 ? `${n} B` : scaled(n, 'B', LARGE, digits));

/** 0.0136 -> "1.36 %". */
export function formatPercent(share) {
  if (!Number.isFinite(share)) return '–';
  const p = share * 100;
  if (p === 0) return '0 %';
  if (p < 0.01) return '< 0.01 %';
  return `${significant(p, p >= 10 ? 3 : 2)} %`;
}

/** File sizes: 164673 -> "165 kB". */
export const formatFileSize = (n) => formatBytes(n, 3);

/** A shape as the CLI prints it: [1, 3, 224, 224] -> "1×3×224×224", symbols kept, null -> "?". */
export function formatShape(shape) {
  if (shape == null) return '?';
  if (shape.length === 0) return 'scalar';
  return shape.map((d) => (d == null ? '?' : String(d))).join('×');
}
