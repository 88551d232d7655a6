// The warning under a plan's questions when there are fewer questions than tables: which
// tables will share a question (the same rule as domain/editing.py's shared_questions).

/** Tables with the same question in every round: table t has question (t - 1) mod n. */
export function sharedQuestions(tables, questions) {
  if (questions < 1 || questions >= tables) return [];
  const groups = [];
  for (let first = 1; first <= questions; first += 1) {
    const group = [];
    for (let table = first; table <= tables; table += questions) group.push(table);
    if (group.length > 1) groups.push(group);
  }
  return groups;
}

/** Keep the warning (``[data-shared-warning]`` under ``root``) in step with the form's fields. */
export function mount(root) {
  const warning = root.querySelector("[data-shared-warning]");
  const topics = root.querySelector("[data-plan-topics]");
  const tables = root.querySelector("[data-plan-tables]");
  if (!warning || !topics || !tables) return;
  const update = () => {
    const count = topics.value.split("\n").filter((line) => line.trim()).length;
    const groups = sharedQuestions(Number(tables.value) || 0, count);
    warning.hidden = groups.length === 0;
    const parts = groups.map((group) =>
      warning.dataset.group.replace("{tables}", group.join(", ")).replace("{number}", String(group[0])),
    );
    warning.textContent = groups.length ? warning.dataset.text.replace("{which}", parts.join("; ")) : "";
  };
  topics.addEventListener("input", update);
  tables.addEventListener("input", update);
  update();
}
