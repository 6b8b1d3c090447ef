// Energy as a workload: the core's energy per sample over many inferences, as facility energy
// (times the datacenter's PUE), CO2e (times the grid's carbon intensity) and cost (times the price
// of electricity). Arithmetic on the report's figure only; the intensities are data, with their
// source and year.

/**
 * Lifecycle carbon intensity of electricity generation in 2023, gCO2e per kWh: Ember's yearly
 * electricity data as published by Our World in Data ("Carbon intensity of electricity
 * generation", ourworldindata.org/grapher/carbon-intensity-electricity). Only the grids whose
 * figure was copied from that table are listed; any other is a custom value.
 */
export const GRID_SOURCE = { name: 'Ember, via Our World in Data', year: 2023, url: 'https://ourworldindata.org/grapher/carbon-intensity-electricity' };
export const GRIDS = [
  ['world', 'World average', 481],
  ['au', 'Australia', 549],
  ['at', 'Austria', 111],
  ['be', 'Belgium', 138],
  ['br', 'Brazil', 98],
  ['ca', 'Canada', 170],
  ['cl', 'Chile', 291],
  ['cn', 'China', 582],
  ['cz', 'Czechia', 450],
  ['dk', 'Denmark', 152],
  ['fi', 'Finland', 79],
  ['fr', 'France', 56],
  ['de', 'Germany', 381],
  ['gr', 'Greece', 337],
  ['hu', 'Hungary', 204],
  ['in', 'India', 713],
  ['ie', 'Ireland', 291],
  ['no', 'Norway', 30],
].map(([id, name, grams]) => ({ id, name, grams }));

export const DEFAULTS = { count: 1e6, pue: 1, grid: 'world', grams: null, price: null };

/** The grid's gCO2e/kWh: the listed region's, or the custom value when `grid` is 'custom'. */
export function gridGrams(settings) {
  if (settings.grid === 'custom') return Number.isFinite(settings.grams) && settings.grams >= 0 ? settings.grams : null;
  return (GRIDS.find((g) => g.id === settings.grid) ?? GRIDS[0]).grams;
}

/**
 * The figures of `count` inferences at `joulesPerSample`: the GPU's energy and the facility's (x
 * PUE) in kWh, CO2e in grams (null without an intensity), and cost (null without a price).
 */
export function workloadFigures(joulesPerSample, settings) {
  const gpuKwh = (joulesPerSample * settings.count) / 3.6e6;
  const facilityKwh = gpuKwh * settings.pue;
  const grams = gridGrams(settings);
  return {
    gpuKwh,
    facilityKwh,
    co2eGrams: grams == null ? null : facilityKwh * grams,
    cost: settings.price == null ? null : facilityKwh * settings.price,
  };
}

/**
 * The figures of a million output tokens of text generation, from the core's joules per 1,000
 * output tokens (the whole answer's energy over its output tokens): the GPU's kWh, the facility's
 * (x PUE), and CO2e in grams (null without an intensity).
 */
export function tokenFigures(joulesPer1000Tokens, settings) {
  const gpuKwh = (joulesPer1000Tokens * 1000) / 3.6e6;
  const facilityKwh = gpuKwh * settings.pue;
  const grams = gridGrams(settings);
  return { gpuKwh, facilityKwh, co2eGrams: grams == null ? null : facilityKwh * grams };
}

/** Settings from the URL hash's parameters (n, pue, grid, gco2, price), invalid ones at their default. */
export function settingsFromParams(p) {
  const number = (key, ok) => {
    const v = Number(p.get(key));
    return p.has(key) && p.get(key) !== '' && Number.isFinite(v) && ok(v) ? v : null;
  };
  const grid = p.get('grid');
  return {
    count: number('n', (v) => v > 0) ?? DEFAULTS.count,
    pue: number('pue', (v) => v >= 1 && v <= 5) ?? DEFAULTS.pue,
    grid: grid === 'custom' || GRIDS.some((g) => g.id === grid) ? grid : DEFAULTS.grid,
    grams: number('gco2', (v) => v >= 0),
    price: number('price', (v) => v >= 0),
  };
}

/** Writes the settings that differ from the defaults into `p`. */
export function settingsToParams(settings, p) {
  if (settings.count !== DEFAULTS.count) p.set('n', String(settings.count));
  if (settings.pue !== DEFAULTS.pue) p.set('pue', String(settings.pue));
  if (settings.grid !== DEFAULTS.grid) p.set('grid', settings.grid);
  if (settings.grid === 'custom' && settings.grams != null) p.set('gco2', String(settings.grams));
  if (settings.price != null) p.set('price', String(settings.price));
}
