/** The part of `asciichart` 1.5 (CommonJS, untyped) that sgd uses: plot() and its colour codes. */
declare module "asciichart" {
  interface PlotConfig {
    min?: number;
    max?: number;
    /** rows of the chart */
    height?: number;
    /** columns reserved for the y labels */
    offset?: number;
    padding?: string;
    /** one ANSI colour code per series */
    colors?: string[];
    format?: (value: number, row: number) => string;
    /** the ten drawing characters: axis cross, axis tick, (unused ×2), flat, and the six line turns and verticals */
    symbols?: string[];
  }
  interface AsciiChart {
    plot(series: number[] | number[][], config?: PlotConfig): string;
    blue: string;
    yellow: string;
    magenta: string;
    cyan: string;
    green: string;
    red: string;
    lightgray: string;
    reset: string;
  }
  const asciichart: AsciiChart;
  export default asciichart;
}
