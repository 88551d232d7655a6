// The phone's write box: the character counter, the half-written draft (core/draft.js),
// the offline note, and inputs that are never lost (core/outbox.js): each shows at once as
// "Sending…" in the table's list and stays in the outbox until the server has stored it.
// Without JavaScript the same form posts and the page reloads.
//
// Each input names the round it was written in: sent after the round moved on or the
// harvest began (the phone was offline), the server stores it late in that round. A
// closed café takes nothing: the text goes back into the write box to be copied.
//
// "Sent ✓" next to the button (a polite status) confirms a stored input where the eye
// is; the input itself shows right below the box, first in the list.
import { EVENTS } from "../core/events.js";
import { keepDraft } from "../core/draft.js";
import { Outbox, newClientId } from "../core/outbox.js";
import { texts } from "../core/page.js";
import { addPost, renderPost } from "../core/posts.js";

/**
 * Mount under ``root`` (the page: the waiting inputs show in ``list``, the table's list
 * of this round). ``currentRound()`` is the round the page shows; ``updateEmpty()``
 * redraws its "No inputs yet"; ``stored(post)`` hears of each of this phone's stored
 * inputs. Mount just after the page's own "state" handler: the outbox goes again once
 * the state is shown.
 */
export function mount(root, { socket, page, list, currentRound, updateEmpty, stored = () => {} }) {
  const $ = (selector) => root.querySelector(selector);
  const form = $("[data-compose]");
  const textarea = form.querySelector("textarea");
  const counter = $("[data-counter]");
  const errorBox = $("[data-compose-error]");
  const sentNote = $("[data-sent]");
  const draft = keepDraft(textarea, `dialogcafe:${page.join_code}:draft`);
  const outbox = new Outbox(`dialogcafe:${page.join_code}:outbox`);

  const earlierList = root.querySelector("[data-earlier-posts]");

  function showPending(item) {
    let element = list.querySelector(`[data-client-id="${item.client_id}"]`);
    if (!element) {
      element = renderPost({ round: currentRound(), ...item, nickname: page.participant.nickname });
      element.classList.add("is-pending", "is-mine");
      element.querySelector(".post-meta").textContent = texts.sending;
      list.prepend(element);
    }
    updateEmpty();
    return element;
  }

  function showStored(clientId, post) {
    const pending = list.querySelector(`.is-pending[data-client-id="${clientId}"]`);
    const id = `[data-post-id="${post.id}"]`;
    const shown = root.querySelector(`[data-posts] ${id}, [data-earlier-posts] ${id}`);
    // Stored late in an earlier round: it goes with that round's inputs.
    const target = post.round !== currentRound() && earlierList ? earlierList : list;
    if (shown) {
      // A reconnect's state showed the stored post before this (resent) input's ack came.
      if (pending) pending.remove();
    } else if (pending && target === list) {
      const item = renderPost(post);
      item.classList.add("is-mine");
      pending.replaceWith(item);
    } else {
      if (pending) pending.remove();
      addPost(target, post);
      const earlier = root.querySelector("[data-earlier]");
      if (earlier && target === earlierList) earlier.hidden = false;
    }
    updateEmpty();
  }

  // The café closed before an input got through: its text goes back into the write box
  // (kept as the draft, so a reload keeps it too), to be copied; there is nothing to send.
  function keepInBox(text) {
    textarea.value = textarea.value.trim() ? `${textarea.value.trim()}\n\n${text}` : text;
    textarea.dispatchEvent(new Event("input")); // the draft and the counter
    showKept();
  }

  function showKept() {
    document.body.classList.add("has-kept-text");
    form.hidden = false;
    form.querySelector("[type=submit]").hidden = true;
    const closedHint = $("[data-compose-closed]");
    if (closedHint) closedHint.hidden = true;
    errorBox.textContent = texts.keptClosed;
    errorBox.hidden = false;
  }

  // The page's own handlers hide the form in a closed café; a kept text stays in view.
  function afterRound(info) {
    if (info && info.status === "closed" && textarea.value.trim()) showKept();
  }

  function send(item) {
    outbox.send(socket, item, {
      stored: (post) => {
        stored(post);
        showStored(item.client_id, post);
        if (sentNote) sentNote.textContent = texts.sent;
        if (errorBox.dataset.tooFast) {
          errorBox.hidden = true;
          delete errorBox.dataset.tooFast;
        }
      },
      tooFast: (ack) => {
        errorBox.textContent = ack.error || texts.failed;
        errorBox.hidden = false;
        errorBox.dataset.tooFast = "yes";
      },
      refused: (ack) => {
        // A rule said no (closed session, too long…): say why.
        const pending = list.querySelector(`[data-client-id="${item.client_id}"]`);
        if (pending) pending.remove();
        if (ack && ack.code === "session_closed") keepInBox(item.text);
        else {
          errorBox.textContent = (ack && ack.error) || texts.failed;
          errorBox.hidden = false;
        }
        updateEmpty();
      },
    });
  }

  function updateCounter() {
    const left = Number(textarea.maxLength) - textarea.value.length;
    counter.textContent = `${left} ${texts.charactersLeft}`;
    counter.classList.toggle("is-near", left < 50);
  }

  // Inputs not yet acknowledged before a reload (or a closed tab) show at once, even
  // offline; they are sent again after the connection's state.
  for (const item of outbox.items()) showPending(item);
  // Offline, the write box says that inputs are kept and sent later (not lost).
  const offlineNote = $("[data-offline-note]");
  socket.on("connect", () => { offlineNote.hidden = true; });
  socket.on("disconnect", () => { offlineNote.hidden = false; });
  socket.on("connect_error", () => { offlineNote.hidden = false; });
  socket.on(EVENTS.ROUND, afterRound);
  socket.on(EVENTS.STATE, (state) => {
    afterRound(state && state.round_info);
    for (const item of outbox.items()) {
      showPending(item);
      send(item);
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) {
      textarea.focus();
      return;
    }
    errorBox.hidden = true;
    const item = { client_id: newClientId(), text };
    if (currentRound() >= 1) item.round = currentRound(); // stored late if the round moves on
    outbox.add(item);
    showPending(item);
    textarea.value = "";
    draft.clear();
    updateCounter();
    if (socket.connected) send(item);
    // When offline, the outbox is sent after the next "state" (on reconnect).
  });
  textarea.addEventListener("input", () => {
    updateCounter();
    if (sentNote && textarea.value) sentNote.textContent = ""; // a new input is on its way
  });
  if (textarea.value) updateCounter(); // a restored draft
}
