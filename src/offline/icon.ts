/**
 * The mark of the installed app (the favicon's, on a full square so that phones that cut icons to a
 * circle or a rounded square keep it whole: "maskable").
 */
export const APP_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#1d3d7a"/>' +
  '<path d="M19 9.5v9.5a4 4 0 0 1-8 0" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round"/></svg>';
