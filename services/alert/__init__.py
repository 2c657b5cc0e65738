"""Alert: fold signals into a situation per place, evaluate rules, and run alerts' lifecycle."""
