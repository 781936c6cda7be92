"""The words the plain line mode says: short sentences that make sense read aloud, in order."""

from __future__ import annotations

from safetyplan.line.io import QUICK_EXIT_WORD

TITLE = "Notes, in plain lines."
"""The first line: the same neutral title the full-screen app shows."""
QUICK_EXIT = (
    f"To leave at once, type {QUICK_EXIT_WORD} and press Enter, at any question. "
    "Ctrl+C and Ctrl+D leave at once too. What you wrote is saved first."
)
CRASHED = "Notes closed because of a problem. Your plan was saved if it could be."
HELP_HINT = "Type ? and press Enter at any question to hear help."
LIMITS = (
    "In this mode nothing is drawn on the screen, so what was shown stays in the "
    "window's history. Leaving and locking push it out of sight, but cannot erase it. "
    "Close the window when you are done."
)

# --- Answering ------------------------------------------------------------------------
NUMBER = "Type a number, then press Enter:"
NUMBERS = "Type the numbers, with spaces between, like 1 3, then press Enter:"
BAD_NUMBER = "Please type a number from 1 to {top}."
BAD_NUMBERS = "Please type only numbers from 1 to {top}, with spaces between."
KEEP = "Press Enter on an empty line to keep it as it is."
GO_BACK = "Press Enter on an empty line to go back."
EMPTY_GOES_BACK = "An empty line goes back, or closes, as the question says."
TEXT_HOW = "Type your answer on one line, then press Enter. An empty line keeps what is there."
TEXT_NEW = "Type your answer, or press Enter to skip:"
TEXT_CHANGE = "Type a new answer, or press Enter to keep it:"
SEVERAL_LINES = (
    "You can type several lines. When you are done, type a line with only a dot (.) "
    "and press Enter."
)
FIRST_LINE_NEW = "Type the first line, or press Enter to skip:"
FIRST_LINE_CHANGE = "To change it, type it all again, line by line. Or press Enter to keep it:"
NEXT_LINE = "Next line, or a dot to end:"
LIST_HOW = "Type one item on each line."
CONTACTS_HOW = "Type one person on each line, like this: Sam: 555-0100, text first."
DATE_HOW = "Write the date like this: 2026-05-03."
BAD_DATE = "That is not a date written like 2026-05-03. Please try again."
CHOICE_HOW = "Pick one. Type its number."
CHECKLIST_HOW = (
    "Pick any number of these. Type the number of each one that fits you. "
    "What you type takes the place of what is ticked now."
)
TWO_SLASHES = "To write an answer that starts with a slash, start it with two slashes."
NO_SUCH_COMMAND = "There is no command {command} here. Type ? to hear what you can type."
SAVED = "Saved."
SAVED_STATUS = "Saved: {status}."
SAVED_NOTES = "Saved your notes."
SAVED_CHOICE = "Saved your choice."
KEPT = "Kept for now. Nothing is saved while you try it out."
KEPT_AGAIN = "Kept."
NOTHING_YET = "Nothing yet."

COMMANDS = {
    "back": "/back goes to the step before.",
    "skip": "/skip goes to the next step, and leaves this one as it is.",
    "go": "/go and a number, like /go 5, goes to that step.",
    "steps": "/steps lists all the steps, so you can pick one.",
    "status": "/status goes to the question: where are you with this step?",
    "notes": "/notes goes to your notes for this step.",
    "clear": "/clear removes your answer to this question.",
    "home": "/home goes back to your plan's home.",
    "lock": "/lock locks the plan. The passphrase is needed to go on.",
}
"""What each command does, said in the help of every question where it works."""

# --- Start: the plans on this computer -------------------------------------------------
YOUR_PLANS = "Your plans:"
NO_PLANS = "There are no plans here yet."
PLAN_ENTRY = "{name}, changed {when}"
UNKNOWN_TIME = "at an unknown time"
NEW_PLAN = "Make a new plan"
TRY_OUT = "Try it without saving"
RENAME = "Rename a plan"
DELETE = "Delete a plan"
START_HELP = (
    "These are the plans on this computer. Each one is locked with its own passphrase. "
    "Pick a plan to open it, or make a new one. You can also try the guides without "
    "saving anything."
)
WHICH_PLAN = "Which plan?"
NEW_NAME = "A new name for {name}. " + GO_BACK
RENAMED = "Renamed. The plan is now called {name}."
DELETE_WARNING = (
    "This removes the plan and its earlier copy from this folder. It cannot be undone "
    "here. Deleted files can sometimes be recovered from a disk with special tools, but "
    "they stay locked with the passphrase."
)
DELETE_CONFIRM = "To delete {name}, type its name. " + GO_BACK
DELETED = "Deleted."
NOT_DELETED = "That is not the plan's name, so nothing was deleted."
FOLDER_UNREADABLE = "The plans folder cannot be read right now."
GUIDES_DAMAGED = (
    "The guides that came with this app cannot be read, so no plan can be opened or "
    "made. Installing the app again should mend this. ({problem})"
)

# --- Making and opening a plan ---------------------------------------------------------
NEW_PLAN_TITLE = "New plan."
NAME_HOW = (
    "A name for the plan. Pick one that means nothing to anyone else. Press Enter to "
    "use {suggestion}, or type another name, or type /back to go back."
)
TAKEN = "There is already a plan called {name}. Pick another name."
LOST_WARNING = (
    "Important: if the passphrase is lost, the plan is lost. No one can open it or get "
    "it back, not even with this program. Keep the passphrase somewhere safe, away from "
    "this device if you can."
)
PICK_PASSPHRASE = "How would you like to choose the passphrase?"
SUGGEST = "Suggest a passphrase for me: six random words, easy to write down"
OWN = "I will type my own"
NOT_SHOWN = "What you type is not shown."
SUGGESTED = "Your passphrase is: {phrase}"
SPELLED = "That is {count} words with a dash between each one: {words}."
WRITE_IT_DOWN = (
    "Write it down now and keep the paper safe. It is shown only here, and it stays "
    "in this window's history until you close the window."
)
CHECK_HOW = "Type it once to check you have it, or press Enter on an empty line to pick again."
CHECK_SUGGESTED = "Repeat the passphrase:"
"""Passphrase questions start like this so that shells such as Emacs's hide what is typed."""
NOT_SAME_SUGGESTED = "That is not the same. Please check what you wrote down and try again."
TYPE_NEW_HOW = "Type a passphrase, or press Enter on an empty line to go back."
TYPE_NEW = "New passphrase:"
STRENGTH = "How strong it is: {words}"
STRONGER = (
    "Six random words would be stronger. Press Enter on an empty line to go back and get some."
)
TYPE_AGAIN = "Repeat the passphrase:"
NOT_SAME = "The two passphrases are not the same. Please type them again."
MAKING = "Making your plan. This takes a moment..."
MADE = "Your plan {name} is made and saved."
OPEN_TITLE = "Open {name}."
TYPE_PASSPHRASE = "Type the passphrase for this plan. " + NOT_SHOWN + " " + GO_BACK
PASSPHRASE = "Passphrase:"
UNLOCKING = "Unlocking... this takes a moment."
WRONG = (
    "That passphrase did not open this plan. Check for typing mistakes or Caps Lock, and try again."
)
DAMAGED = (
    "The plan file could not be read, but an earlier copy was kept. Do you want to open "
    "the earlier copy? Changes made after it was saved may be missing. The damaged file "
    "is kept and nothing is overwritten until you make a change."
)
OPEN_EARLIER = "Open the earlier copy"
NOT_NOW = "Not now"
OPENING_EARLIER = "Opening the earlier copy... this takes a moment."

# --- The plan's home --------------------------------------------------------------------
HOME_TITLE = "Your plan: {name}."
TRYING = "You are trying the guides out. Nothing is saved until you choose to."
HOME_HINT = "Pick a part to work on. You can stop at any time."
GUIDE_ENTRY = "{title}: {marked} of {total} steps have a status, {done} done. {summary}"
CONTINUE = "Continue where I left off: {guide}, step {number}, {title}"
REVIEW = "Review my plan"
CHANGE_PASSPHRASE = "Change the passphrase"
LOCK = "Lock"
CLOSE_PLAN = "Close plan, for the next person"
FINISH = "Finish trying it out"
HOME_HELP = (
    "This is your plan's home. It lists the parts of your plan and how far you are. "
    "Continue where you left off, or review the whole plan. Your answers save by "
    "themselves after each question."
)
STATE_WORDS = {
    "saved": "Everything is saved.",
    "unsaved": "Some changes are not saved yet.",
    "not-saving": "Nothing is being saved.",
    "changed-elsewhere": "The last changes are not saved, because the plan changed elsewhere.",
}
CLOSED = "The plan is closed and saved. The next person can use this computer now."

# --- Trying it out ------------------------------------------------------------------------
NOTHING_SAVED = (
    "Nothing has been saved. What you filled in is only in this window. What would you like to do?"
)
SAVE_AS_NEW = "Save it as a new plan, locked with a passphrase"
PRINT_VIEW = "Look at the whole plan"
FORGET = "Leave and forget it"
STAY = "Stay here"
FORGOTTEN = "It is forgotten. Nothing was saved."
COVERED = "Hidden, because nothing was typed for a while. Nothing is open."
UNCOVER = "Press Enter to go back to what you were doing:"

# --- Lock and passphrase change -------------------------------------------------------------
LOCKED = "Locked."
LOCKED_HOW = (
    "Type the passphrase to go on. " + NOT_SHOWN + " Press Enter on an empty line to "
    "close the plan instead."
)
LOCKED_IDLE = "Locked, because nothing was typed for a while."
UNLOCKED = "Unlocked."
WRONG_AT_LOCK = "That passphrase did not unlock. Please try again."
HELD = f"Changes are not saved yet. Unlock to save them, or type {QUICK_EXIT_WORD} to leave."
CHANGE_TITLE = "Change the passphrase."
CURRENT_FIRST = "First, type the passphrase you use now. " + NOT_SHOWN + " " + GO_BACK
CHECKING = "Checking... this takes a moment."
CHANGING = "Changing the passphrase... this takes a moment."
CHANGED = (
    "Done. The plan now opens only with the new passphrase. The earlier copy, which "
    "used the old one, was removed."
)
NOT_CHANGED = "The passphrase was not changed."

# --- When the plan changed elsewhere ----------------------------------------------------------
CHANGED_ELSEWHERE = (
    "Your last changes are not saved. Since you opened this plan, its file was changed "
    "somewhere else: by another copy of this program, a change of passphrase, or a "
    "delete or restore. So nothing was saved here, and nothing will be, until you choose."
)
NEW_PLAN_WITH_CHANGES = "Save my changes as a new plan, with a new passphrase"
REOPEN_WITH_CHANGES = "Open it again (with its passphrase now) and add my changes"
PASSPHRASE_NOW = "Passphrase, as the plan has it now (if it was changed, the new one):"
REOPENED = "Opened again, with your changes added and saved."
NOT_REOPENED = "It was not opened again. Your changes are still here, not saved."
THROW_AWAY = "Throw my changes away and close"
LATER = "Decide later (nothing is saved)"
THROWN_AWAY = "Your changes were thrown away, and the plan is closed."
NOT_SAVED_ELSEWHERE = (
    "Not saved, because the plan changed elsewhere. Go to your plan's home to choose what to do."
)

# --- Walking the steps -----------------------------------------------------------------------
STEP_TITLE = "{guide}, step {number} of {total}: {title}"
HEADS_UP = "Heads up: {message}"
WHERE_TO_GET_HELP = "Where to get help:"
LINK = "{label}: {detail}"
QUESTION = "Question {number} of {total}: {label}"
NO_QUESTIONS = "This step has no questions."
NOW = "Now: {answer}"
NOW_LINES = "Now it says:"
CHOSEN = "Chosen now: {label}."
TICKED = "Ticked now: {labels}."
PART = "Part {number} of {total}: {label}"
EXAMPLE = "For example: {example}"
COMPOSE_HOW = "This question builds a message from a few parts. Then you can change any words."
MESSAGE_IS = "Your message:"
MESSAGE_EMPTY = "The message is empty so far."
MESSAGE_CHOICE = "What would you like to do with the message?"
MESSAGE_KEEP = "Keep it as it is"
MESSAGE_REBUILD = "Put it together again from the parts"
MESSAGE_OWN = "Write it again in my own words"
REPLACE_OWN = (
    "You changed the message yourself. Putting it together again replaces your words "
    "with the parts."
)
STATUS_QUESTION = "Where are you with this step?"
STATUS_NOW = "Now: {status}."
NO_STATUS = "No status yet"
NOTES_QUESTION = "Notes (only you see these)."
END_OF_STEP = "Press Enter to go to the next step, or type a command, like /back or /home:"
ENTER_OR_COMMAND = "Please press Enter on an empty line, or type a command. Type ? to hear them."
YOU_ARE_ON = "You are on {guide}, step {number} of {total}: {title}"
FIRST_STEP = "This is the first step."
LAST_STEP = "That was the last step of {guide}."
NO_STEP = "There is no step {number}. The steps go from 1 to {total}."
ALL_STEPS = "All steps of {guide}:"
STEP_ENTRY = "{number}. {title}: {status}.{here}"
HERE = " You are here."
PICK_STEP = "Type a step number to go there. " + GO_BACK
STEP_HELP = (
    "A step says what it is, why it can matter, and asks questions you can answer. "
    "Nothing is required. Each answer is saved as soon as you give it."
)

# --- The ordering guard ------------------------------------------------------------------------
BEFORE_YOU_GO_ON = "Before you go on."
BEST_AFTER = "This step is best done after: {names}. It is your choice."
GO_TO_FIRST = "Go to: {title}"
SAVED_ANOTHER_WAY = "I already saved it another way"
CONTINUE_ANYWAY = "Continue anyway"
STEP_BACK = "Press Enter on an empty line to step back."
GUARD_HELP = (
    "Some steps are best done in order. Saving what happened comes before blocking, "
    "reporting or deleting, because those can remove proof. You can still choose."
)

# --- Review and saving a copy ------------------------------------------------------------------
REVIEW_TITLE = "Review of your plan."
GROUP = "{group}: {count} {steps}."
REVIEW_STEP = "{title}. {status}."
OTHER_ANSWERS = "Other saved answers."
OTHER_ANSWERS_WHY = "These are from steps that are no longer in the guide. They are kept."
END_OF_REVIEW = "End of the review."
AFTER_REVIEW = "What next?"
SAVE_COPY = "Save a copy to a file. The copy is not locked."
BACK_TO_PLAN = "Back to your plan"
EXPORT_WARNING = (
    "This file will NOT be locked with your passphrase. Anyone who can open this "
    "computer or the drive can read it. Save it somewhere only you can reach, and "
    "delete it when you no longer need it."
)
WHERE_FILE = "Where should the file go? Press Enter to use {default}, or type /back to go back:"
NOT_A_PLACE = "That is not a place a file can be written. Please check it."
NOT_IN_PLANS = (
    "Choose a place outside the plans folder: this copy is not locked, and the plans "
    "folder is only for plan files."
)
WRITTEN = "Written to {path}. Remember: that file is not locked with your passphrase."
