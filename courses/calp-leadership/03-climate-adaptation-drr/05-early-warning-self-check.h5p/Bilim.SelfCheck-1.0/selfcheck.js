/*
 * Bilim.SelfCheck 1.0: Bilim's own small H5P content type (MIT licence).
 *
 * Two modes, chosen by the content (content/content.json):
 * - scored: `questions` is a list of single-choice questions; one Check button marks them all
 *   and reports an xAPI "answered" statement with the score (correct answers of questions);
 *   "Try again" starts over.
 * - reflection (unscored): no questions; the learner reads `intro`, may keep notes (`notes`),
 *   and presses Done, which reports "completed" without a score.
 * Every text is shown as text, never as HTML. The state (answers, checked, notes, done) is
 * returned by getCurrentState() and restored from extras.previousState, so a learner who
 * comes back finds the activity as they left it.
 *
 * H5P core and H5P.jQuery come from the player (h5p-standalone's frame.bundle.js). H5P finds
 * the constructor by walking window along the machine name: window.Bilim.SelfCheck.
 */
(function (H5P) {
  'use strict';

  var counter = 0;

  var DEFAULT_L10N = {
    check: 'Check',
    retry: 'Try again',
    done: 'Done',
    notesLabel: 'Your notes',
    question: 'Question :number of :total',
    chooseAll: 'Choose an answer to every question first.',
    score: 'You got :score of :total right.',
    correct: 'Correct.',
    incorrect: 'Not quite. The answer is: :answer',
    completed: 'Marked as done. You can come back to your notes at any time.'
  };

  function text(template, values) {
    return String(template).replace(/:(\w+)/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function isString(value) {
    return typeof value === 'string' && value.trim() !== '';
  }

  /** The content's questions, keeping only well-formed ones (the content is data from a file). */
  function readQuestions(list) {
    if (!Array.isArray(list)) return [];
    return list.filter(function (q) {
      return q && isString(q.text) && Array.isArray(q.options) && q.options.length >= 2 &&
        q.options.every(isString) && typeof q.correct === 'number' &&
        q.correct >= 0 && q.correct < q.options.length && Math.floor(q.correct) === q.correct;
    });
  }

  /** Appends paragraphs of text (blank lines separate them) as text nodes. */
  function paragraphs(parent, value, className) {
    String(value || '').split(/\n\s*\n/).forEach(function (part) {
      if (!part.trim()) return;
      var p = document.createElement('p');
      if (className) p.className = className;
      p.textContent = part.trim();
      parent.appendChild(p);
    });
  }

  function SelfCheck(params, contentId, extras) {
    H5P.EventDispatcher.call(this);
    params = params || {};
    extras = extras || {};
    this.contentId = contentId;
    this.extras = extras;
    this.uid = 'bilim-selfcheck-' + contentId + '-' + (++counter);
    this.intro = typeof params.intro === 'string' ? params.intro : '';
    this.questions = readQuestions(params.questions);
    this.scored = this.questions.length > 0;
    this.withNotes = !this.scored && params.notes !== false;
    this.l10n = {};
    var given = params.l10n && typeof params.l10n === 'object' ? params.l10n : {};
    for (var key in DEFAULT_L10N) this.l10n[key] = isString(given[key]) ? given[key] : DEFAULT_L10N[key];

    this.state = { answers: this.questions.map(function () { return null; }), checked: false, done: false, notes: '' };
    this.restore(extras.previousState);
  }
  SelfCheck.prototype = Object.create(H5P.EventDispatcher.prototype);
  SelfCheck.prototype.constructor = SelfCheck;

  /** Takes what is valid of a saved state; anything else is ignored (the content may have changed). */
  SelfCheck.prototype.restore = function (previous) {
    if (typeof previous === 'string') {
      try { previous = JSON.parse(previous); } catch (e) { previous = null; }
    }
    if (!previous || typeof previous !== 'object') return;
    var questions = this.questions;
    if (Array.isArray(previous.answers) && previous.answers.length === questions.length) {
      this.state.answers = previous.answers.map(function (a, i) {
        return typeof a === 'number' && a >= 0 && a < questions[i].options.length ? a : null;
      });
    }
    this.state.checked = previous.checked === true && this.scored && this.allAnswered();
    this.state.done = previous.done === true && !this.scored;
    this.state.notes = typeof previous.notes === 'string' ? previous.notes.slice(0, 10000) : '';
  };

  SelfCheck.prototype.allAnswered = function () {
    return this.state.answers.every(function (a) { return a !== null; });
  };

  SelfCheck.prototype.getScore = function () {
    var questions = this.questions;
    return this.state.answers.reduce(function (sum, a, i) { return sum + (a === questions[i].correct ? 1 : 0); }, 0);
  };
  SelfCheck.prototype.getMaxScore = function () { return this.questions.length; };
  SelfCheck.prototype.getAnswerGiven = function () {
    return this.scored ? this.state.answers.some(function (a) { return a !== null; }) : this.state.done || this.state.notes !== '';
  };
  SelfCheck.prototype.getTitle = function () {
    var title = this.extras.metadata && this.extras.metadata.title;
    return H5P.createTitle(title || 'Self-check');
  };
  SelfCheck.prototype.getCurrentState = function () {
    return { answers: this.state.answers.slice(), checked: this.state.checked, done: this.state.done, notes: this.state.notes };
  };
  SelfCheck.prototype.resetTask = function () {
    this.state = { answers: this.questions.map(function () { return null; }), checked: false, done: false, notes: '' };
    this.render();
  };

  SelfCheck.prototype.attach = function ($container) {
    var container = $container && $container.get ? $container.get(0) : $container;
    container.classList.add('bilim-selfcheck');
    this.root = container;
    this.render();
  };

  /** Draws the whole activity from the state (small enough to redraw on every change). */
  SelfCheck.prototype.render = function (focus) {
    var self = this;
    var root = this.root;
    if (!root) return;
    while (root.firstChild) root.removeChild(root.firstChild);
    paragraphs(root, this.intro, 'bilim-selfcheck-intro');
    if (this.scored) this.renderQuestions(root);
    else this.renderReflection(root);
    if (focus) {
      var target = root.querySelector(focus);
      if (target) target.focus();
    }
    // The player resizes its frame to the content.
    setTimeout(function () { self.trigger('resize'); }, 0);
  };

  SelfCheck.prototype.renderQuestions = function (root) {
    var self = this;
    var l10n = this.l10n;
    var checked = this.state.checked;
    this.questions.forEach(function (question, qi) {
      var fieldset = document.createElement('fieldset');
      fieldset.className = 'bilim-selfcheck-question';
      var legend = document.createElement('legend');
      var number = document.createElement('span');
      number.className = 'bilim-selfcheck-number';
      number.textContent = text(l10n.question, { number: qi + 1, total: self.questions.length });
      legend.appendChild(number);
      legend.appendChild(document.createTextNode(' ' + question.text));
      fieldset.appendChild(legend);
      question.options.forEach(function (option, oi) {
        var id = self.uid + '-q' + qi + '-o' + oi;
        var row = document.createElement('div');
        row.className = 'bilim-selfcheck-option';
        var input = document.createElement('input');
        input.type = 'radio';
        input.name = self.uid + '-q' + qi;
        input.id = id;
        input.value = String(oi);
        input.checked = self.state.answers[qi] === oi;
        input.disabled = checked;
        input.addEventListener('change', function () {
          self.state.answers[qi] = oi;
          self.setStatus('');
          self.triggerXAPI('interacted');
        });
        var label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = option;
        if (checked && oi === question.correct) row.classList.add('is-correct');
        if (checked && self.state.answers[qi] === oi && oi !== question.correct) row.classList.add('is-wrong');
        row.appendChild(input);
        row.appendChild(label);
        fieldset.appendChild(row);
      });
      if (checked) {
        var right = self.state.answers[qi] === question.correct;
        var feedback = document.createElement('p');
        feedback.className = 'bilim-selfcheck-feedback ' + (right ? 'is-correct' : 'is-wrong');
        feedback.textContent = right ? l10n.correct : text(l10n.incorrect, { answer: question.options[question.correct] });
        fieldset.appendChild(feedback);
        if (isString(question.feedback)) paragraphs(fieldset, question.feedback, 'bilim-selfcheck-explanation');
      }
      root.appendChild(fieldset);
    });

    var status = document.createElement('p');
    status.className = 'bilim-selfcheck-status';
    status.setAttribute('role', 'status');
    if (checked) status.textContent = text(l10n.score, { score: this.getScore(), total: this.getMaxScore() });
    root.appendChild(status);
    this.status = status;

    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'bilim-selfcheck-button';
    if (checked) {
      button.textContent = l10n.retry;
      button.addEventListener('click', function () {
        self.state.answers = self.questions.map(function () { return null; });
        self.state.checked = false;
        self.render('input[type=radio]');
      });
    } else {
      button.textContent = l10n.check;
      button.addEventListener('click', function () { self.check(); });
    }
    root.appendChild(button);
  };

  SelfCheck.prototype.setStatus = function (message) {
    if (this.status) this.status.textContent = message;
  };

  /** Marks every answer and reports the score to the LMS through H5P's xAPI. */
  SelfCheck.prototype.check = function () {
    if (!this.allAnswered()) {
      this.setStatus(this.l10n.chooseAll);
      this.trigger('resize');
      return;
    }
    this.state.checked = true;
    this.render('.bilim-selfcheck-status');
    var score = this.getScore();
    var max = this.getMaxScore();
    var event = this.createXAPIEventTemplate('answered');
    var definition = event.getVerifiedStatementValue(['object', 'definition']);
    if (definition) {
      definition.description = { 'en-US': this.questions.map(function (q) { return q.text; }).join(' / ') };
      definition.type = 'http://adlnet.gov/expapi/activities/cmi.interaction';
      definition.interactionType = 'other';
    }
    event.setScoredResult(score, max, this, true, score === max);
    if (event.data.statement.result) {
      var questions = this.questions;
      event.data.statement.result.response = this.state.answers.map(function (a, i) { return questions[i].options[a]; }).join('[,]');
    }
    this.trigger(event);
  };

  SelfCheck.prototype.renderReflection = function (root) {
    var self = this;
    var l10n = this.l10n;
    if (this.withNotes) {
      var id = this.uid + '-notes';
      var label = document.createElement('label');
      label.htmlFor = id;
      label.className = 'bilim-selfcheck-notes-label';
      label.textContent = l10n.notesLabel;
      var notes = document.createElement('textarea');
      notes.id = id;
      notes.className = 'bilim-selfcheck-notes';
      notes.rows = 6;
      notes.maxLength = 10000;
      notes.value = this.state.notes;
      notes.addEventListener('input', function () { self.state.notes = notes.value; });
      notes.addEventListener('change', function () { self.triggerXAPI('interacted'); });
      root.appendChild(label);
      root.appendChild(notes);
    }
    var status = document.createElement('p');
    status.className = 'bilim-selfcheck-status';
    status.setAttribute('role', 'status');
    if (this.state.done) status.textContent = l10n.completed;
    root.appendChild(status);
    this.status = status;
    if (!this.state.done) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'bilim-selfcheck-button';
      button.textContent = l10n.done;
      button.addEventListener('click', function () {
        self.state.done = true;
        self.render('.bilim-selfcheck-status');
        // No score: the activity completes on view in the LMS; the statement is kept as a record.
        self.triggerXAPI('completed');
      });
      root.appendChild(button);
    }
  };

  window.Bilim = window.Bilim || {};
  window.Bilim.SelfCheck = SelfCheck;
  // H5P.classFromName('Bilim.SelfCheck') looks for H5P.SelfCheck: keep both names working.
  H5P.SelfCheck = SelfCheck;
})(H5P);
