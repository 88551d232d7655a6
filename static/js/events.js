// Socket.IO event names, shared by every page (see docs/protocol.md).
export const EVENTS = Object.freeze({
  STATE: "state",
  POST: "post",
  ROUND: "round",
  PEOPLE: "people",
});
