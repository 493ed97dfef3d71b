/**
 * The portal's one layout breakpoint (issue 16.3): below this viewport width (px) the shell's
 * side menu is a drawer, its header compacts, and the tables a teacher uses become card lists.
 * The shell and every remote take it from here, so the frame and the pages switch together.
 */
export const MOBILE_BREAKPOINT = 768;

/** The media query that matches the phone layout (the same breakpoint as the CSS). */
export const MOBILE_QUERY = `(max-width: ${MOBILE_BREAKPOINT - 0.02}px)`;

export function isMobileWidth(width: number): boolean {
  return width < MOBILE_BREAKPOINT;
}
