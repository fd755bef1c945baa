// Amicus staff review pages: the review queue (/review) and coverage gaps (/gaps).
// Plain JavaScript like console.js; every piece of stored text reaches the page through text
// nodes, never innerHTML, so nothing in a question, an answer or a passage becomes markup.

(() => {
  const storageKeys = { token: 'amicus.console.token', reviewer: 'amicus.review.name' };
  const $ = (id) => {
    const element = document.getElementById(id);
    if (!element) throw new Error(`missing #${id}`);
    return element;
  };
  const view = location.pathname === '/gaps' ? 'gaps' : 'queue';
  const state = { item: null };

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

  function setStatus(message) {
    $('status').textContent = message;
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = !message;
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
      throw Object.assign(new Error('The server could not be reached.'), { status: 0 });
    }
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      const message = payload?.error?.message ?? `The server answered ${response.status}.`;
      if (response.status === 401 || response.status === 403) $('token-section').hidden = false;
      throw Object.assign(new Error(message), { status: response.status });
    }
    return payload;
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token-input').value.trim();
    if (!token) return;
    try {
      sessionStorage.setItem(storageKeys.token, token);
    } catch {
      showError('This browser does not allow storing the token for the session.');
      return;
    }
    $('token-input').value = '';
    $('token-section').hidden = true;
    showError('');
    start();
  });

  // ---------------------------------------------------------------------------------------
  // The queue
  // ---------------------------------------------------------------------------------------

  function reasonsOf(item) {
    return [...new Set(item.reasons.map((entry) => entry.reason))];
  }

  async function loadItems() {
    const query = new URLSearchParams();
    if ($('filter-status').value) query.set('status', $('filter-status').value);
    if ($('filter-reason').value) query.set('reason', $('filter-reason').value);
    setStatus('Loading the queue…');
    try {
      const { items } = await api(`/api/review/items?${query}`);
      $('item-rows').replaceChildren(
        ...items.map((item) =>
          el(
            'tr',
            { 'data-item': String(item.id) },
            el('td', null, String(item.id)),
            el(
              'td',
              null,
              el(
                'button',
                { type: 'button', className: 'link-button', onclick: () => openItem(item.id) },
                item.question,
              ),
            ),
            el('td', null, reasonsOf(item).join(', ')),
            el('td', null, item.channel ? `${item.surface} ${item.channel}` : item.surface),
            el('td', null, item.verdict ? `${item.status}: ${item.verdict}` : item.status),
            el(
              'td',
              null,
              el('time', { datetime: item.createdAt, text: item.createdAt.slice(0, 16).replace('T', ' ') }),
            ),
          ),
        ),
      );
      $('empty-queue').hidden = items.length > 0;
      setStatus(`${items.length} item${items.length === 1 ? '' : 's'}.`);
    } catch (error) {
      showError(error.message);
      setStatus('');
    }
  }

  async function openItem(id) {
    showError('');
    try {
      const detail = await api(`/api/review/items/${id}`);
      state.item = detail.item;
      renderItem(detail);
      $('item-detail').hidden = false;
      $('item-heading').focus?.();
      $('item-detail').scrollIntoView({ block: 'start' });
    } catch (error) {
      showError(error.message);
    }
  }

  function renderItem({ item, audit, passages }) {
    $('item-heading').textContent = `Item ${item.id}: ${item.question}`;
    $('item-heading').setAttribute('tabindex', '-1');
    const where = item.channel ? `${item.surface}, channel ${item.channel}` : item.surface;
    const resolved = item.resolvedBy
      ? ` Resolved as ${item.verdict} by ${item.resolvedBy}${item.note ? `: ${item.note.replace(/[.!?]$/, '')}` : ''}.`
      : '';
    $('item-facts').textContent =
      `${item.status === 'open' ? 'Open' : 'Resolved'} · ${where} · answer ${item.answerId} (${item.answer.kind}, ${item.answer.generatedBy}) · created ${item.createdAt.slice(0, 16).replace('T', ' ')}.${resolved}`;
    $('item-reasons').replaceChildren(
      ...item.reasons.map((entry) =>
        el(
          'li',
          null,
          el('strong', null, entry.reason),
          entry.detail ? `: ${entry.detail}` : '',
          ...entry.diffs.map((change) =>
            el(
              'div',
              { className: 'passage-diff' },
              el('strong', null, `${change.label} (${change.change}): `),
              diffText(change.diff),
            ),
          ),
        ),
      ),
    );
    $('item-answer').replaceChildren(...answerNodes(item.answer));
    $('item-passages').replaceChildren(
      ...(passages.length === 0
        ? [el('p', { className: 'hint', text: 'This reply cites no passages.' })]
        : passages.map((passage) =>
            el(
              'article',
              { className: 'cited-passage', id: `cited-${passage.n}` },
              el('h4', null, `[${passage.n}] ${passage.label}`),
              passage.inStore
                ? el('p', { className: 'passage-text' }, passage.text)
                : el('p', {
                    className: 'notice notice-warning',
                    text: 'No longer in the store: a re-ingest changed or removed it.',
                  }),
            ),
          )),
    );
    $('item-audit').replaceChildren(
      ...audit.map((entry) =>
        el(
          'li',
          null,
          `${entry.at.slice(0, 19).replace('T', ' ')} · ${entry.actor} · ${entry.action}${entry.detail ? ` · ${entry.detail}` : ''}`,
        ),
      ),
    );
    $('resolve-form').reset();
    $('reviewer-name').value = rememberedReviewer();
    $('approve-button').hidden = item.answer.kind !== 'answer';
    $('question-pattern').hidden = item.answer.kind !== 'answer';
  }

  /** `[-old-]{+new+}` as struck and inserted text. */
  function diffText(diff) {
    const container = el('span', { className: 'diff-text' });
    const pattern = /\[-([\s\S]*?)-\]|\{\+([\s\S]*?)\+\}/g;
    let position = 0;
    for (const match of diff.matchAll(pattern)) {
      if (match.index > position)
        container.append(document.createTextNode(diff.slice(position, match.index)));
      container.append(match[1] !== undefined ? el('del', null, match[1]) : el('ins', null, match[2]));
      position = match.index + match[0].length;
    }
    if (position < diff.length) container.append(document.createTextNode(diff.slice(position)));
    return container;
  }

  function citedParagraph(sentences) {
    const paragraph = el('p', { className: 'cited-text' });
    for (const sentence of sentences) {
      paragraph.append(document.createTextNode(`${sentence.text.replace(/\[(\d+)\]/g, '($1)')} `));
      for (const n of sentence.citations)
        paragraph.append(el('a', { href: `#cited-${n}`, className: 'citation', text: `[${n}]` }), ' ');
    }
    return paragraph;
  }

  function answerNodes(answer) {
    const nodes = [];
    if (answer.reviewed)
      nodes.push(
        el('p', {
          className: 'notice notice-info',
          text: `Reviewed by ${answer.reviewed.by} on ${answer.reviewed.on}`,
        }),
      );
    if (answer.notice) nodes.push(el('p', { className: 'notice notice-info', text: answer.notice }));
    if (answer.summary.length > 0)
      nodes.push(el('h4', null, 'Executive summary'), citedParagraph(answer.summary));
    for (const [index, section] of answer.sections.entries())
      nodes.push(el('h5', null, `${index + 1}. ${section.heading}`), citedParagraph(section.sentences));
    if (answer.gaps.length > 0)
      nodes.push(
        el('h4', null, 'What the sources do not cover'),
        el('ul', null, ...answer.gaps.map((gap) => el('li', null, gap))),
      );
    if (answer.related.length > 0)
      nodes.push(
        el('h4', null, 'Nearest sources (not an answer)'),
        el(
          'ul',
          null,
          ...answer.related.map((source) => el('li', null, `${source.label} — ${source.title}`)),
        ),
      );
    if (answer.sources.length > 0)
      nodes.push(
        el('h4', null, 'Sources'),
        el(
          'ol',
          { className: 'sources' },
          ...answer.sources.map((source) =>
            el(
              'li',
              { value: String(source.n) },
              `${source.label} — ${source.title} (current to ${source.asOf})`,
            ),
          ),
        ),
      );
    return nodes;
  }

  function rememberedReviewer() {
    try {
      return localStorage.getItem(storageKeys.reviewer) ?? '';
    } catch {
      return '';
    }
  }

  function reviewerName() {
    const name = $('reviewer-name').value.trim();
    if (!name) {
      showError('Type your name first: every action is kept in the audit trail.');
      $('reviewer-name').focus();
      return undefined;
    }
    try {
      localStorage.setItem(storageKeys.reviewer, name);
    } catch {
      // Only a convenience.
    }
    return name;
  }

  $('resolve-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!state.item) return;
    const verdict = new FormData($('resolve-form')).get('verdict');
    const by = reviewerName();
    if (!verdict || !by) return;
    const note = $('resolve-note').value.trim();
    try {
      const body = { verdict, by };
      if (note) body.note = note;
      const id = state.item.id;
      await api(`/api/review/items/${id}/resolve`, { method: 'POST', body });
      showError('');
      await loadItems();
      await openItem(id);
      setStatus(`Item ${id} resolved as ${verdict}.`);
    } catch (error) {
      showError(error.message);
    }
  });

  $('approve-button').addEventListener('click', async () => {
    if (!state.item) return;
    const by = reviewerName();
    if (!by) return;
    const pattern = $('question-pattern').value.trim();
    try {
      const body = { answerId: state.item.answerId, by };
      if (pattern) body.questionPattern = pattern;
      const { approval } = await api('/api/review/approve', { method: 'POST', body });
      setStatus(
        `Answer approved by ${approval.approvedBy} on ${approval.approvedOn}: it is served to this question and close paraphrases.`,
      );
      showError('');
      await openItem(state.item.id);
    } catch (error) {
      showError(error.message);
    }
  });

  $('filter-status').addEventListener('change', loadItems);
  $('filter-reason').addEventListener('change', loadItems);

  // ---------------------------------------------------------------------------------------
  // Coverage gaps
  // ---------------------------------------------------------------------------------------

  async function loadGaps() {
    const since = $('gaps-since').value;
    setStatus('Loading coverage gaps…');
    try {
      const { gaps } = await api(`/api/review/gaps${since ? `?since=${since}` : ''}`);
      $('gap-rows').replaceChildren(
        ...gaps.map((gap) =>
          el(
            'tr',
            null,
            el('td', null, String(gap.count)),
            el('td', null, gap.topic),
            el(
              'td',
              null,
              el(
                'ul',
                { className: 'plain-list' },
                ...gap.examples.map((example) => el('li', null, example)),
              ),
            ),
          ),
        ),
      );
      $('empty-gaps').hidden = gaps.length > 0;
      setStatus(`${gaps.length} topic${gaps.length === 1 ? '' : 's'}.`);
    } catch (error) {
      showError(error.message);
      setStatus('');
    }
  }

  $('gaps-since').addEventListener('change', loadGaps);

  function start() {
    $(view === 'gaps' ? 'gaps-view' : 'queue-view').hidden = false;
    $(view === 'gaps' ? 'nav-gaps' : 'nav-review').setAttribute('aria-current', 'page');
    document.title = view === 'gaps' ? 'Amicus coverage gaps' : 'Amicus review queue';
    if (view === 'gaps') loadGaps();
    else loadItems();
  }

  start();
})();
