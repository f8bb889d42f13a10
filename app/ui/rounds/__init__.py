"""The rounds page: the secretariat's rounds screen, a round's detail views, the round dialogs
(new round, reminder, results) and the labels and formatting they share."""
