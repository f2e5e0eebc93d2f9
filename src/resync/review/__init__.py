"""The review loop: answer feedback from the chat page, the queue of answers to look at
again (thumbs down, doubtful routing), and what a reviewer makes of each — golden cases,
incident memory, knowledge gaps."""
