// Table host tools on a phone: becoming host with the code, writing for someone without a
// phone, the table's main points (synthesis), and "What the previous group said about this
// question" for everybody. A host QR opens the page with ``?host=<code>`` (page.host_code):
// the phone claims the host tools with it once connected.
import { EVENTS } from "../core/events.js";
import { newClientId } from "../core/outbox.js";
import { format, texts } from "../core/page.js";
import { addPost } from "../core/posts.js";

// The phases after the rounds (domain/status.py ROUNDS_OVER).
const ROUNDS_OVER = new Set(["harvest", "closed"]);

/** Show an ack's error in ``box``; true when the ack was ok. */
function ackOk(ack, box) {
  if (ack && ack.ok) {
    if (box) box.hidden = true;
    return true;
  }
  if (box) {
    box.textContent = (ack && ack.error) || texts.failed;
    box.hidden = false;
  }
  return false;
}

export function mount(root, { socket, page }) {
  const $ = (selector) => root.querySelector(selector);
  const me = page.participant ? page.participant.id : null;
  let isHost = Boolean(page.is_host);
  let table = page.table;
  let round = page.round;
  let roundsOver = ROUNDS_OVER.has(page.session && page.session.status);
  let syntheses = Array.isArray(page.syntheses) ? page.syntheses : [];
  const tools = $("[data-host-tools]");
  const become = $("[data-become-host]");
  const synthesisText = $("#synthesis-text");

  function showRole() {
    if (tools) tools.hidden = !isHost;
    if (become) become.hidden = isHost;
    const staySeated = $(".stay-seated"); // a host never moves: nothing to choose
    if (staySeated) staySeated.hidden = isHost;
  }

  function showSyntheses() {
    const section = $("[data-syntheses]");
    const list = $("[data-synthesis-list]");
    if (!section || !list) return;
    // The server sends what this table reads: earlier rounds' syntheses about its question
    // now (from whichever table had it) and its own of this round.
    // In the harvest every synthesis is shown with its question (features/harvest_questions.js).
    const earlier = roundsOver ? [] : syntheses.filter((s) => s.round < round);
    list.replaceChildren(
      ...earlier.map((s) => {
        const item = document.createElement("li");
        item.className = "synthesis";
        const meta = document.createElement("p");
        meta.className = "post-meta";
        meta.textContent = `${format(texts.tableN, { number: s.table })} · ${format(texts.roundN, { round: s.round })}`;
        const text = document.createElement("p");
        text.className = "synthesis-text";
        text.textContent = s.text;
        item.append(meta, text);
        return item;
      }),
    );
    section.hidden = earlier.length === 0;
    const current = syntheses.find((s) => s.table === table && s.round === round);
    if (synthesisText && document.activeElement !== synthesisText) {
      synthesisText.value = current ? current.text : "";
    }
  }

  function remember(synthesis) {
    // In the harvest every table hears every synthesis (for the harvest by question); this
    // table's list takes only its own, as before the harvest.
    if (synthesis.table !== table) return;
    syntheses = syntheses.filter((s) => !(s.table === synthesis.table && s.round === synthesis.round));
    syntheses.push(synthesis);
    showSyntheses();
  }

  socket.on(EVENTS.STATE, (state) => {
    isHost = Boolean(state.is_host);
    table = state.table;
    round = state.round;
    roundsOver = ROUNDS_OVER.has(state.session && state.session.status);
    syntheses = Array.isArray(state.syntheses) ? state.syntheses : [];
    showRole();
    showSyntheses();
  });
  socket.on(EVENTS.ROUND, (info) => {
    if (typeof info.round === "number" && info.round !== round) {
      const status = $("[data-synthesis-status]");
      if (status) status.textContent = ""; // "saved" was about the round that ended
    }
    if (typeof info.round === "number") round = info.round;
    if (typeof info.status === "string") roundsOver = ROUNDS_OVER.has(info.status);
    if (Array.isArray(info.syntheses)) syntheses = info.syntheses;
    showSyntheses();
  });
  socket.on(EVENTS.HOST, (info) => {
    if (info.table !== table) return;
    isHost = Boolean(info.host && info.host.id === me);
    showRole();
  });
  socket.on(EVENTS.SYNTHESIS, remember);

  const becomeForm = $("[data-become-host-form]");
  const claim = (code) => {
    socket.emit(EVENTS.BECOME_HOST, { code }, (ack) => {
      if (!ackOk(ack, $("[data-become-host-error]"))) {
        if (become) become.open = true; // a host QR's code that did not fit: say why there
        return;
      }
      isHost = true;
      if (becomeForm) becomeForm.reset();
      showRole();
      $("#host-tools-heading").setAttribute("tabindex", "-1");
      $("#host-tools-heading").focus();
    });
  };
  if (becomeForm) {
    becomeForm.addEventListener("submit", (event) => {
      event.preventDefault();
      claim(becomeForm.elements.code.value.trim());
    });
  }
  // The host QR's code: claimed once, after the first state (the socket is in its table).
  let offered = typeof page.host_code === "string" ? page.host_code : "";
  if (offered) {
    const url = new URL(window.location.href);
    url.searchParams.delete("host"); // a reload or a shared link does not claim again
    window.history.replaceState(null, "", url);
    socket.on(EVENTS.STATE, () => {
      if (!offered) return;
      const code = offered;
      offered = "";
      if (!isHost) {
        if (becomeForm) becomeForm.elements.code.value = code;
        claim(code);
      }
    });
  }

  const behalfForm = $("[data-on-behalf-form]");
  if (behalfForm) {
    behalfForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = behalfForm.elements.text.value.trim();
      if (!text) return;
      const body = {
        client_id: newClientId(),
        text,
        on_behalf: true,
        on_behalf_name: behalfForm.elements.on_behalf_name.value.trim(),
      };
      socket.emit(EVENTS.POST, body, (ack) => {
        if (!ackOk(ack, $("[data-on-behalf-error]"))) return;
        const list = $("[data-posts]");
        if (list) addPost(list, ack.post, { isNew: true });
        const empty = $("[data-empty]");
        if (empty) empty.hidden = true;
        behalfForm.reset();
      });
    });
  }

  const synthesisForm = $("[data-synthesis-form]");
  if (synthesisForm) {
    synthesisForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const status = $("[data-synthesis-status]");
      socket.emit(EVENTS.SYNTHESIS, { text: synthesisText.value }, (ack) => {
        if (ack && ack.ok) {
          status.textContent = texts.synthesisSaved;
          remember(ack.synthesis);
        } else {
          status.textContent = (ack && ack.error) || texts.failed;
        }
      });
    });
  }
  showRole();
  showSyntheses();
}
