"""Reading rulings and judgments into structured facts with evidence."""
