import type { PackageFiles } from '../src/lib/server/courses/package/files';

const enc = (s: string) => new TextEncoder().encode(s);

/** A 1x1 PNG. */
export const PNG = Uint8Array.from(
	Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
		'base64'
	)
);
export const PDF = enc('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A small valid course package, as files; tests change one thing to break it. */
export function validCourseFiles(overrides: Record<string, string | Uint8Array | null> = {}): PackageFiles {
	const files: Record<string, string | Uint8Array> = {
		'course.yaml': `title: Water basics
summary: What every water manager in Central Asia should know.
description: |
  An introduction to **water** in the region.
language: en
thematic_areas:
  - iwrm
  - water-saving
level: introductory
estimated_hours: 2.5
outcomes:
  - Explain what IWRM means
licence: CC-BY-4.0
organisation:
  name: Test Water Institute
  type: university
  country: KZ
authors:
  - Test Author
cover: assets/cover.png
status: published
`,
		'assets/cover.png': PNG,
		'assets/basin.png': PNG,
		'assets/notes.pdf': PDF,
		'01-water-basics/module.yaml': 'title: Water basics\nsummary: The first steps.\n',
		'01-water-basics/01-what-is-iwrm.md': `---
title: What is IWRM?
minutes: 12
attachments:
  - path: assets/notes.pdf
    title: Notes
---

Integrated water resources management coordinates **water**, land and related resources.

![A basin](../assets/basin.png)
`,
		'01-water-basics/02-basins.md': `---
title: River basins
video: https://www.youtube.com/watch?v=dQw4w9WgXcQ
required: false
---

Rivers such as the Amu Darya and the Syr Darya cross borders.
`,
		'02-practice/module.yaml': 'title: Practice\n',
		'02-practice/01-field-visit.md': '---\ntitle: A field visit\n---\n\nWalk the canal with the water user association.\n'
	};
	for (const [path, value] of Object.entries(overrides)) {
		if (value === null) delete files[path];
		else files[path] = value;
	}
	return new Map(Object.entries(files).map(([p, v]) => [p, typeof v === 'string' ? enc(v) : v]));
}

/** A quiz lesson's file (docs/quiz-format.md), with the lesson's own `minutes`. */
export const QUIZ_YAML = `title: Check your understanding
minutes: 15
pass_percent: 60
attempts_allowed: 2
questions:
  - id: iwrm-unit
    type: single_choice
    prompt: Which unit does IWRM plan by?
    choices:
      - id: basin
        text: The river basin
        correct: true
      - id: district
        text: The district
  - id: aral-shrank
    type: true_false
    prompt: The Aral Sea has lost most of its volume since 1960.
    answer: true
`;

/** An assignment lesson's file: front matter with its settings and a rubric, instructions below. */
export const ASSIGNMENT_MD = `---
title: Capstone plan
minutes: 120
pass_percent: 60
file_types: [pdf, docx]
max_files: 2
rubric:
  - id: analysis
    title: Analysis of the problem
    levels:
      - { id: weak, title: Weak, points: 0 }
      - { id: good, title: Good, points: 5 }
  - id: plan
    title: Plan of action
    description: Steps, people and dates.
    levels:
      - { id: weak, title: Weak, points: 0 }
      - { id: good, title: Good, points: 10 }
---

Write a one-page plan to save water on a farm you know.
`;

/**
 * The valid package with a quiz and an assignment in module 2 and completion rules in
 * course.yaml: lessons what-is-iwrm, basins, field-visit, check, capstone.
 */
export function courseWithItems(overrides: Record<string, string | Uint8Array | null> = {}): PackageFiles {
	const yaml = new TextDecoder().decode(validCourseFiles().get('course.yaml'));
	return validCourseFiles({
		'course.yaml': `${yaml}completion:\n  lessons: required\n  quizzes: [check]\n  assignments: { capstone: 60 }\n  weights: { check: 30, capstone: 70 }\n`,
		'02-practice/02-check.quiz.yaml': QUIZ_YAML,
		'02-practice/03-capstone.assignment.md': ASSIGNMENT_MD,
		...overrides
	});
}
