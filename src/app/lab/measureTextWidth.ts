/** The chart's text: the family the SVG inherits from `.timeline-svg`. */
const FAMILY = 'system-ui, sans-serif';

let context: CanvasRenderingContext2D | null | undefined;

/**
 * The width in pixels `text` takes in the chart's font, so labels are placed by their real size
 * (a guess per character overlaps digits and clips "✗ frame_blocked"). Where there is no canvas,
 * a generous guess.
 */
export function measureTextWidth(text: string, sizePx: number, weight = 400): number {
  if (context === undefined) {
    context =
      typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  }
  if (!context) return text.length * sizePx * 0.65;
  context.font = `${weight} ${sizePx}px ${FAMILY}`;
  return Math.ceil(context.measureText(text).width);
}
