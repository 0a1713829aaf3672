/** A rectangle on a card face, as fractions of the face's width and height from its top-left corner. */
export interface FaceRectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** ID-1 card format (ISO/IEC 7810): 85.60 mm × 53.98 mm. */
export const CARD_ASPECT_RATIO = 85.6 / 53.98;

/**
 * 1st generation: where the face photo goes on the front image. The chip's front image (640 × 404) leaves the
 * photo's place empty on the right; the sample cards frame it at x 470–610, y 78–256 (2-pixel border), and
 * the photo (144 × 180 on the chips) is placed inside that frame. Adjust here if real cards differ.
 */
export const GEN1_PHOTO_BOX: FaceRectangle = { x: 472 / 640, y: 80 / 404, width: 137 / 640, height: 175 / 404 };

/** As CSS percentages, for an absolutely positioned element (set through the style object: no inline CSS). */
export function rectangleStyle(rectangle: FaceRectangle): Record<'left' | 'top' | 'width' | 'height', string> {
  const percent = (fraction: number) => `${(fraction * 100).toFixed(3)}%`;
  return { left: percent(rectangle.x), top: percent(rectangle.y), width: percent(rectangle.width), height: percent(rectangle.height) };
}
