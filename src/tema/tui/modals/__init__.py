"""Modal screens: code picker, level, perspectives, memo/journal, search, help, confirmations, tasks."""
