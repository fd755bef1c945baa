// Amicus staff console. Plain JavaScript, no framework, no third-party files.
// Every piece of answer or corpus text reaches the page through textContent or text nodes,
// never through innerHTML, so nothing in a question, an answer or a passage can become markup.

(() => {
  const storageKeys = {
    token: 'amicus.console.token',
    recent: 'amicus.console.recentQuestions',
  };
  const maxRecent = 12;

  const state = {
    answer: null,
    threadId: newThreadId(),
    activeCitation: null,
    passageCache: new Map(),
    busy: false,
  };

  const $ = (id) => {
    const element = document.getElementById(id);
    if (!element) throw new Error(`missing #${id}`);
    return element;
  };

  const elements = {
    askForm: $('ask-form'),
    question: $('question'),
    jurisdiction: $('jurisdiction'),
    askButton: $('ask-button'),
    newConversation: $('new-conversation'),
    status: $('status'),
    error: $('error'),
    answerSection: $('answer-section'),
    answer: $('answer'),
    copyReply: $('copy-reply'),
    copyStatus: $('copy-status'),
    copyFallback: $('copy-fallback'),
    copyFallbackText: $('copy-fallback-text'),
    feedbackUp: $('feedback-up'),
    feedbackDown: $('feedback-down'),
    feedbackReasonForm: $('feedback-reason-form'),
    feedbackReason: $('feedback-reason'),
    handOff: $('hand-off'),
    panel: $('passage-panel'),
    panelTitle: $('passage-title'),
    panelBody: $('passage-body'),
    closePanel: $('close-panel'),
    tokenSection: $('token-section'),
    tokenForm: $('token-form'),
    tokenInput: $('token-input'),
    forgetToken: $('forget-token'),
    recent: $('recent'),
    recentList: $('recent-list'),
    recentCount: $('recent-count'),
    clearRecent: $('clear-recent'),
    deploymentName: $('deployment-name'),
    corpusSummary: $('corpus-summary'),
  };

  // ---------------------------------------------------------------------------------------
  // DOM helpers
  // ---------------------------------------------------------------------------------------

  /** Creates an element; string children become text nodes, attributes are set one by one. */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'className') element.className = value;
      else if (name === 'text') element.textContent = value;
      else if (name.startsWith('on') && typeof value === 'function')
        element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return element;
  }

  /**
   * Only http(s) links without user info are ever made clickable: the browser's copy of the one
   * link rule of every surface (`safeUrl`, src/answer/renderers/sanitize.ts), kept here because
   * this script runs in the page and imports nothing from the server.
   */
  function safeHref(url) {
    if (typeof url !== 'string' || url.length === 0) return null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
      if (parsed.username || parsed.password) return null;
      return parsed.href;
    } catch {
      return null;
    }
  }

  function externalLink(text, url) {
    const href = safeHref(url);
    if (!href) return el('span', { text });
    return el('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow', text });
  }

  /**
   * Answer text as shown: text that looks like a citation marker ("see [7]") becomes "(7)", so
   * every [n] on the page is a citation button (the render contract's rule,
   * `defuseCitationMarkers` in src/answer/renderers/sanitize.ts).
   */
  function shown(text) {
    return String(text ?? '').replace(/\[(\d+)\]/g, '($1)');
  }

  function setStatus(message) {
    elements.status.textContent = message;
  }

  function showError(message) {
    elements.error.textContent = message;
    elements.error.hidden = !message;
  }

  // ---------------------------------------------------------------------------------------
  // API
  // ---------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message, retryAfter) {
      super(message);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
    }
  }

  function storedToken() {
    try {
      return sessionStorage.getItem(storageKeys.token) ?? '';
    } catch {
      return '';
    }
  }

  async function api(path, options = {}) {
    const headers = { Accept: 'application/json' };
    const token = storedToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(
        0,
        'network',
        'The server could not be reached. Check the connection and try again.',
      );
    }
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    if (!response.ok) {
      const error = payload?.error ?? {};
      const retryAfter = Number(response.headers.get('Retry-After') ?? '0');
      if (response.status === 401) askForToken(token ? 'That API token was not accepted.' : '');
      throw new ApiError(
        response.status,
        error.code ?? 'http_error',
        error.message ?? `The server answered ${response.status}.`,
        retryAfter,
      );
    }
    return payload;
  }

  // ---------------------------------------------------------------------------------------
  // Token
  // ---------------------------------------------------------------------------------------

  function askForToken(reason) {
    elements.tokenSection.hidden = false;
    elements.forgetToken.hidden = true;
    if (reason) showError(reason);
    elements.tokenInput.focus();
  }

  elements.tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = elements.tokenInput.value.trim();
    if (!token) return;
    try {
      sessionStorage.setItem(storageKeys.token, token);
    } catch {
      showError('This browser does not allow storing the token for the session.');
      return;
    }
    elements.tokenInput.value = '';
    elements.tokenSection.hidden = true;
    showError('');
    loadSources().then(() => elements.question.focus());
  });

  elements.forgetToken.addEventListener('click', () => {
    try {
      sessionStorage.removeItem(storageKeys.token);
    } catch {
      // Nothing stored.
    }
    elements.forgetToken.hidden = true;
    askForToken('');
  });

  // ---------------------------------------------------------------------------------------
  // Sources and the jurisdiction filter
  // ---------------------------------------------------------------------------------------

  async function loadSources() {
    try {
      const sources = await api('/api/sources');
      elements.deploymentName.textContent = sources.deployment?.name ?? 'Amicus';
      document.title = `${sources.deployment?.name ?? 'Amicus'} staff console`;
      const chosen = elements.jurisdiction.value;
      elements.jurisdiction.replaceChildren(el('option', { value: '', text: 'All jurisdictions' }));
      for (const jurisdiction of sources.jurisdictions ?? []) {
        elements.jurisdiction.append(el('option', { value: jurisdiction, text: jurisdiction }));
      }
      elements.jurisdiction.value = chosen;
      const collections = sources.collections ?? [];
      const passages = collections.reduce((sum, collection) => sum + (collection.passageCount ?? 0), 0);
      const warnings = (sources.warnings ?? []).length;
      elements.corpusSummary.textContent =
        `${collections.length} collection${collections.length === 1 ? '' : 's'}, ${passages.toLocaleString()} passages` +
        (warnings > 0 ? ` · ${warnings} vetting warning${warnings === 1 ? '' : 's'}` : '');
      elements.forgetToken.hidden = !storedToken();
    } catch (error) {
      if (error.status !== 401) showError(error.message);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Recent questions (this browser only)
  // ---------------------------------------------------------------------------------------

  function readRecent() {
    try {
      const parsed = JSON.parse(localStorage.getItem(storageKeys.recent) ?? '[]');
      return Array.isArray(parsed)
        ? parsed.filter((item) => item && typeof item.question === 'string').slice(0, maxRecent)
        : [];
    } catch {
      return [];
    }
  }

  function writeRecent(items) {
    try {
      localStorage.setItem(storageKeys.recent, JSON.stringify(items.slice(0, maxRecent)));
    } catch {
      // Storage full or disabled: recent questions are a convenience only.
    }
  }

  function rememberQuestion(question, jurisdiction) {
    const items = readRecent().filter(
      (item) => item.question !== question || item.jurisdiction !== jurisdiction,
    );
    items.unshift({ question, jurisdiction, askedAt: new Date().toISOString() });
    writeRecent(items);
    renderRecent();
  }

  function renderRecent() {
    const items = readRecent();
    elements.recentCount.textContent = items.length > 0 ? `(${items.length})` : '';
    elements.recentList.replaceChildren(
      ...items.map((item) =>
        el(
          'li',
          null,
          el(
            'button',
            {
              type: 'button',
              className: 'link-button',
              onclick: () => {
                elements.question.value = item.question;
                elements.jurisdiction.value = item.jurisdiction ?? '';
                ask(item.question, item.jurisdiction ?? '');
              },
            },
            item.question,
          ),
          item.jurisdiction
            ? el('span', { className: 'recent-jurisdiction', text: ` (${item.jurisdiction})` })
            : null,
        ),
      ),
    );
    elements.clearRecent.hidden = items.length === 0;
  }

  elements.clearRecent.addEventListener('click', () => {
    try {
      localStorage.removeItem(storageKeys.recent);
    } catch {
      // Nothing stored.
    }
    renderRecent();
    setStatus('Recent questions cleared.');
  });

  // ---------------------------------------------------------------------------------------
  // Asking
  // ---------------------------------------------------------------------------------------

  function newThreadId() {
    if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
    return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  }

  async function ask(question, jurisdiction) {
    const text = question.trim();
    if (!text) {
      showError('Type a question first.');
      elements.question.focus();
      return;
    }
    if (state.busy) return;
    state.busy = true;
    elements.askButton.disabled = true;
    elements.askButton.textContent = 'Asking…';
    elements.answer.setAttribute('aria-busy', 'true');
    showError('');
    setStatus('Looking through the vetted sources…');
    try {
      const body = { question: text, threadId: state.threadId };
      if (jurisdiction) body.jurisdiction = jurisdiction;
      const answer = await api('/api/ask', { method: 'POST', body });
      state.answer = answer;
      state.passageCache.clear();
      closePanel(false);
      renderAnswer(answer);
      rememberQuestion(text, jurisdiction);
      const cited = answer.sources.length;
      setStatus(
        answer.kind === 'answer'
          ? `Answer ready, citing ${cited} source${cited === 1 ? '' : 's'}.`
          : `Reply ready (${describeKind(answer.kind)}).`,
      );
    } catch (error) {
      if (error.status === 429) {
        showError(`Too many questions at once. Try again in ${error.retryAfter || 'a few'} seconds.`);
      } else if (error.status !== 401) {
        showError(error.message);
      }
      setStatus('');
    } finally {
      state.busy = false;
      elements.askButton.disabled = false;
      elements.askButton.textContent = 'Ask';
      elements.answer.setAttribute('aria-busy', 'false');
    }
  }

  function describeKind(kind) {
    switch (kind) {
      case 'no-answer':
        return 'the vetted sources do not cover this';
      case 'individualized':
        return 'about a personal situation: general information and referrals';
      case 'refused':
        return 'request refused';
      case 'emergency':
        return 'emergency resources first';
      default:
        return kind;
    }
  }

  elements.askForm.addEventListener('submit', (event) => {
    event.preventDefault();
    ask(elements.question.value, elements.jurisdiction.value);
  });

  elements.question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      elements.askForm.requestSubmit();
    }
  });

  elements.newConversation.addEventListener('click', () => {
    state.threadId = newThreadId();
    state.answer = null;
    closePanel(false);
    elements.answer.replaceChildren();
    elements.answerSection.hidden = true;
    elements.question.value = '';
    showError('');
    setStatus('New conversation started.');
    elements.question.focus();
  });

  // ---------------------------------------------------------------------------------------
  // Rendering the answer (the server sends the render contract's outline; we draw each block)
  // ---------------------------------------------------------------------------------------

  function renderAnswer(answer) {
    const sourcesByNumber = new Map(answer.sources.map((source) => [source.n, source]));
    const article = el('article', { className: `answer-body kind-${answer.kind}`, lang: 'en' });
    for (const block of answer.outline) {
      const rendered = renderBlock(block, sourcesByNumber);
      if (rendered) article.append(rendered);
    }
    elements.answer.replaceChildren(article);
    elements.answerSection.hidden = false;
    elements.copyFallback.hidden = true;
    elements.copyStatus.textContent = '';
    elements.handOff.disabled = false;
    resetFeedback();
  }

  function renderBlock(block, sourcesByNumber) {
    switch (block.kind) {
      case 'title':
        return el('h3', { className: 'answer-question' }, shown(block.text));
      case 'checked-on':
        return el(
          'p',
          { className: 'checked-on' },
          'Checked on ',
          el('time', { datetime: block.date, text: block.date }),
        );
      case 'notice':
        return el(
          'p',
          { className: `notice notice-${block.tone}`, role: block.tone === 'urgent' ? 'alert' : 'note' },
          shown(block.text),
        );
      case 'heading':
        return el(
          block.level === 2 ? 'h4' : 'h5',
          { className: `heading-${block.level}` },
          shown(block.text),
        );
      case 'paragraph':
        return renderParagraph(block.runs, sourcesByNumber);
      case 'list':
        return el(
          'ul',
          { className: 'plain-list' },
          ...block.items.map((item) => el('li', null, shown(item))),
        );
      case 'follow-ups':
        return el(
          'ul',
          { className: 'chips', 'aria-label': 'Suggested follow-up questions' },
          ...block.items.map((item) =>
            el(
              'li',
              null,
              el(
                'button',
                {
                  type: 'button',
                  className: 'chip',
                  onclick: () => {
                    elements.question.value = item;
                    ask(item, elements.jurisdiction.value);
                  },
                },
                shown(item),
              ),
            ),
          ),
        );
      case 'referrals':
        return el(
          'ul',
          { className: 'referrals' },
          ...block.referrals.map((referral) =>
            el(
              'li',
              null,
              el('strong', null, externalLink(shown(referral.name), referral.url)),
              shown(`: ${referral.contact} — ${referral.whenToUse}`),
            ),
          ),
        );
      case 'related':
        return el(
          'ul',
          { className: 'related' },
          ...block.related.map((source) =>
            el('li', null, externalLink(shown(source.label), source.url), shown(` — ${source.title}`)),
          ),
        );
      case 'sources':
        return el('ol', { className: 'sources' }, ...block.sources.map((source) => renderSource(source)));
      case 'disclaimer':
        return el('p', { className: 'disclaimer' }, el('strong', null, 'Disclaimer: '), shown(block.text));
      default:
        return null;
    }
  }

  function renderParagraph(runs, sourcesByNumber) {
    const paragraph = el('p', { className: 'cited-text' });
    let sentence = '';
    for (const run of runs) {
      if (run.kind === 'text') {
        sentence = run.text.trim();
        paragraph.append(document.createTextNode(shown(run.text)));
      } else {
        paragraph.append(' ', citationButton(run.n, sourcesByNumber.get(run.n), sentence));
      }
    }
    return paragraph;
  }

  function citationButton(n, source, sentence) {
    const label = source ? `Source ${n}: ${source.label}` : `Source ${n}`;
    const button = el(
      'button',
      {
        type: 'button',
        className: 'citation',
        'aria-label': label,
        'aria-controls': 'passage-panel',
        'aria-expanded': 'false',
        'data-n': String(n),
        title: source ? source.label : undefined,
      },
      `[${n}]`,
    );
    button.addEventListener('click', () => {
      if (source) openPassage(source, sentence, button);
    });
    return button;
  }

  function renderSource(source) {
    const details = [
      source.title,
      source.collection,
      source.sourceType,
      source.jurisdiction,
      `current to ${source.asOf}`,
      source.vetted
        ? `vetted by ${source.vettedBy ?? 'unknown'}${source.vettedOn ? ` on ${source.vettedOn}` : ''}`
        : 'NOT VETTED',
    ];
    return el(
      'li',
      { value: String(source.n), id: `source-${source.n}` },
      citationButton(source.n, source, ''),
      ' ',
      externalLink(shown(source.label), source.url),
      el('span', { className: 'source-details' }, shown(` — ${details.join('; ')}`)),
    );
  }

  // ---------------------------------------------------------------------------------------
  // The passage panel
  // ---------------------------------------------------------------------------------------

  async function openPassage(source, sentence, trigger) {
    if (state.activeCitation) state.activeCitation.setAttribute('aria-expanded', 'false');
    state.activeCitation = trigger;
    trigger.setAttribute('aria-expanded', 'true');
    elements.panel.hidden = false;
    document.body.classList.add('panel-open');
    elements.panelTitle.textContent = `[${source.n}] ${source.label}`;
    elements.panelBody.replaceChildren(el('p', { className: 'hint', text: 'Loading the source text…' }));
    elements.panel.scrollTop = 0;
    elements.panel.focus({ preventScroll: true });
    const key = `${source.passageId}\u0000${sentence}`;
    try {
      let passage = state.passageCache.get(key);
      if (!passage) {
        const query = sentence ? `?sentence=${encodeURIComponent(sentence)}` : '';
        passage = await api(`/api/passages/${encodeURIComponent(source.passageId)}${query}`);
        state.passageCache.set(key, passage);
      }
      if (state.activeCitation !== trigger) return;
      renderPassage(source, sentence, passage);
    } catch (error) {
      elements.panelBody.replaceChildren(
        el('p', { className: 'error-message', role: 'alert', text: error.message }),
      );
    }
  }

  function renderPassage(source, sentence, payload) {
    const { passage, collection, support } = payload;
    const vetted = collection ? collection.vetted : source.vetted;
    const vettedBy = collection?.vettedBy ?? source.vettedBy ?? 'unknown';
    const vettedOn = collection?.vettedOn ?? source.vettedOn ?? 'unknown';
    const link = safeHref(passage.url ?? source.url);
    const facts = el(
      'p',
      { className: 'passage-facts' },
      el('span', null, `Current to ${passage.asOf}`),
      el('span', null, vetted ? `Vetted by ${vettedBy} on ${vettedOn}` : 'Not vetted'),
      link
        ? el(
            'a',
            { href: link, target: '_blank', rel: 'noopener noreferrer nofollow' },
            'Open the official text',
            el('span', { className: 'visually-hidden', text: ' (opens in a new tab)' }),
          )
        : null,
    );
    const metadata = el(
      'dl',
      { className: 'metadata' },
      term('Citation', passage.label),
      term('Title', passage.heading || source.title),
      term('Collection', collection?.title ?? source.collection),
      term('Source type', passage.sourceType),
      term('Jurisdiction', passage.jurisdiction),
      term('Current to (as of)', passage.asOf),
      term('Vetted by', vetted ? vettedBy : 'Not vetted'),
      term('Vetted on', vetted ? vettedOn : '—'),
      collection?.publisher ? term('Publisher', collection.publisher) : null,
      collection?.license ? term('License', collection.license) : null,
      term('Passage id', passage.id),
    );
    const children = [
      passage.breadcrumb?.length
        ? el('p', { className: 'breadcrumb', text: passage.breadcrumb.join(' › ') })
        : null,
      facts,
      vetted
        ? null
        : el('p', { className: 'notice notice-warning', text: 'This source has not been vetted.' }),
      el('h3', { className: 'panel-subheading', text: 'Passage text' }),
      support ? el('p', { className: 'hint', text: supportExplanation(support.match) }) : null,
      passageText(passage.text, support?.highlights ?? []),
      sentence
        ? el(
            'details',
            { className: 'cited-for' },
            el('summary', null, 'The answer sentence that cites it'),
            el('blockquote', { className: 'cited-sentence', text: sentence }),
          )
        : null,
      el('h3', { className: 'panel-subheading', text: 'About this source' }),
      metadata,
    ];
    elements.panelBody.replaceChildren(...children.filter(Boolean));
    // Bring the first highlight into view inside the panel, without scrolling the page.
    const mark = elements.panelBody.querySelector('mark');
    if (mark) {
      const offset = mark.getBoundingClientRect().top - elements.panel.getBoundingClientRect().top;
      if (offset > elements.panel.clientHeight * 0.6) elements.panel.scrollTop += offset - 120;
    }
  }

  function term(name, value) {
    return el('div', { className: 'metadata-row' }, el('dt', null, name), el('dd', null, value ?? '—'));
  }

  function supportExplanation(match) {
    switch (match) {
      case 'quote':
        return 'Highlighted: the words the answer quotes from this passage.';
      case 'terms':
        return 'Highlighted: words the answer shares with this passage (the answer paraphrases it).';
      default:
        return 'The answer’s words were not found in this passage; read it in full.';
    }
  }

  /** The passage with its supporting ranges in <mark>, built from text nodes only. */
  function passageText(text, highlights) {
    const container = el('div', { className: 'passage-text', id: 'passage-text' });
    let position = 0;
    const ranges = [...highlights]
      .filter(
        (range) => Number.isInteger(range.start) && Number.isInteger(range.end) && range.end > range.start,
      )
      .sort((a, b) => a.start - b.start);
    for (const range of ranges) {
      const start = Math.max(range.start, position);
      const end = Math.min(range.end, text.length);
      if (start >= end) continue;
      if (start > position) container.append(document.createTextNode(text.slice(position, start)));
      container.append(el('mark', null, text.slice(start, end)));
      position = end;
    }
    if (position < text.length) container.append(document.createTextNode(text.slice(position)));
    return container;
  }

  function closePanel(restoreFocus) {
    if (elements.panel.hidden) return;
    elements.panel.hidden = true;
    document.body.classList.remove('panel-open');
    const trigger = state.activeCitation;
    state.activeCitation = null;
    if (trigger) {
      trigger.setAttribute('aria-expanded', 'false');
      if (restoreFocus && trigger.isConnected) trigger.focus();
    }
  }

  elements.closePanel.addEventListener('click', () => closePanel(true));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !elements.panel.hidden) {
      event.preventDefault();
      closePanel(true);
    }
  });

  // ---------------------------------------------------------------------------------------
  // Copy as reply
  // ---------------------------------------------------------------------------------------

  async function copyText(text) {
    if (navigator.clipboard?.writeText) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        // Fall through to the selection-based copy.
      }
    }
    const scratch = el('textarea', { className: 'offscreen', readonly: true, 'aria-hidden': 'true' });
    scratch.value = text;
    document.body.append(scratch);
    scratch.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    scratch.remove();
    return copied;
  }

  elements.copyReply.addEventListener('click', async () => {
    if (!state.answer) return;
    const text = state.answer.replyText;
    if (await copyText(text)) {
      elements.copyFallback.hidden = true;
      elements.copyStatus.textContent =
        'Reply copied, with its citations, sources and disclaimer. Paste it into your email.';
    } else {
      elements.copyFallbackText.value = text;
      elements.copyFallback.hidden = false;
      elements.copyFallbackText.focus();
      elements.copyFallbackText.select();
      elements.copyStatus.textContent =
        'Could not reach the clipboard; the reply is selected below for copying.';
    }
  });

  // ---------------------------------------------------------------------------------------
  // Feedback
  // ---------------------------------------------------------------------------------------

  function resetFeedback() {
    elements.feedbackUp.setAttribute('aria-pressed', 'false');
    elements.feedbackDown.setAttribute('aria-pressed', 'false');
    elements.feedbackUp.disabled = false;
    elements.feedbackDown.disabled = false;
    elements.feedbackReasonForm.hidden = true;
    elements.feedbackReason.value = '';
  }

  async function sendFeedback(rating, reason) {
    if (!state.answer) return;
    const body = { answerId: state.answer.id, rating };
    if (reason) body.reason = reason;
    try {
      await api('/api/feedback', { method: 'POST', body });
      elements.copyStatus.textContent = 'Thank you: your feedback was recorded.';
    } catch (error) {
      if (error.status !== 401) showError(error.message);
    }
  }

  elements.feedbackUp.addEventListener('click', () => {
    elements.feedbackUp.setAttribute('aria-pressed', 'true');
    elements.feedbackDown.setAttribute('aria-pressed', 'false');
    elements.feedbackUp.disabled = true;
    elements.feedbackDown.disabled = true;
    elements.feedbackReasonForm.hidden = true;
    sendFeedback('up');
  });

  elements.feedbackDown.addEventListener('click', () => {
    elements.feedbackDown.setAttribute('aria-pressed', 'true');
    elements.feedbackUp.setAttribute('aria-pressed', 'false');
    elements.feedbackReasonForm.hidden = false;
    elements.feedbackReason.focus();
  });

  elements.feedbackReasonForm.addEventListener('submit', (event) => {
    event.preventDefault();
    elements.feedbackUp.disabled = true;
    elements.feedbackDown.disabled = true;
    elements.feedbackReasonForm.hidden = true;
    sendFeedback('down', elements.feedbackReason.value.trim());
  });

  // ---------------------------------------------------------------------------------------
  // Needs a person: the answer goes to the review queue as a hand-off
  // ---------------------------------------------------------------------------------------

  elements.handOff.addEventListener('click', async () => {
    if (!state.answer) return;
    elements.handOff.disabled = true;
    try {
      const { itemId } = await api('/api/hand-off', { method: 'POST', body: { answerId: state.answer.id } });
      elements.copyStatus.textContent = `Handed to a person: review item ${itemId}. A staff member will follow up.`;
    } catch (error) {
      elements.handOff.disabled = false;
      if (error.status !== 401) showError(error.message);
    }
  });

  // ---------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------

  renderRecent();
  loadSources();
  elements.question.focus();
})();
