"""Knowledge: courses, quizzes, certificates, yearly renewal, compliance, SCORM and xAPI."""
