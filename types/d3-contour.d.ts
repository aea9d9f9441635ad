/** The part of `d3-contour` 4 (ESM, untyped) that sgd uses: isolines of a grid of values by marching squares. */
declare module "d3-contour" {
  /** rings of [x, y] points in grid units (0…width, 0…height): polygon = [exterior, ...holes] */
  interface ContourMultiPolygon {
    type: "MultiPolygon";
    value: number;
    coordinates: [number, number][][][];
  }
  interface Contours {
    (values: ArrayLike<number>): ContourMultiPolygon[];
    /** [columns, rows] of the grid; values[row·columns + column] */
    size(size: [number, number]): Contours;
    thresholds(levels: readonly number[]): Contours;
    smooth(smooth: boolean): Contours;
  }
  export function contours(): Contours;
}
