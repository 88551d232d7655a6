// Page entry: the join page (templates/participant/join.html). The form works without
// JavaScript; this adds the phone's "Large text" switch and reading the café's intro aloud.
import * as display from "../features/display.js";
import * as readAloud from "../features/read_aloud.js";

display.mount(document);
readAloud.mount(document);
