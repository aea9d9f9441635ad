/**
 * allFinite(v): whether every number of v is finite, by one branch-free pass: Σ v[i]·0 is ±0 when
 * all are, and NaN once any v[i] is ±∞ or NaN. The engines may scan their own buffers faster
 * (Engine.allFinite); this is the scan everywhere else.
 */
export function allFinite(v: ArrayLike<number>): boolean {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * 0;
  return sum === 0;
}
