// Page entry: the new-session form (templates/facilitator/new_session.html): a live warning
// when there are fewer questions than tables.
import * as sharedQuestions from "../features/shared_questions.js";

sharedQuestions.mount(document);
