/* newsroom consent banner. No dependencies.
 *
 * The banner (#consent) is in every page's markup but hidden, so a reader without JavaScript sees
 * nothing and no gated script ever runs. Its data attributes carry the settings:
 *   data-mode          "opt-in" (Accept / Reject) or "notice" (Close; continuing means agreeing)
 *   data-cookie-name   where the choice is kept, as "<choice>.<revision>" (e.g. "accepted.1")
 *   data-max-age-days  how long the choice is kept
 *   data-revision      raise it to ask every reader again: a choice of another revision is no choice
 * Scripts written as <script type="text/plain" data-consent="analytics"> run only with consent.
 */
(() => {
  'use strict';

  const box = document.getElementById('consent');
  if (!box) return;

  const data = box.dataset;
  const mode = data.mode === 'notice' ? 'notice' : 'opt-in';
  const name = /^[\w.-]+$/.test(data.cookieName || '') ? data.cookieName : 'newsroom_consent';
  const days = parseInt(data.maxAgeDays, 10) || 180;
  const revision = String(data.revision || '0').trim();
  // A "closed" notice is no answer to an opt-in question; in notice mode any answer means "seen".
  const valid = mode === 'notice' ? ['closed', 'accepted', 'rejected'] : ['accepted', 'rejected'];

  let opener = null;
  let activated = 0;

  // The stored choice for the current revision, or null.
  const read = () => {
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
      let value;
      try {
        value = decodeURIComponent(part.slice(eq + 1).trim());
      } catch (e) {
        return null;
      }
      const dot = value.indexOf('.');
      const choice = value.slice(0, dot);
      return dot > 0 && value.slice(dot + 1) === revision && valid.includes(choice) ? choice : null;
    }
    return null;
  };

  const write = (choice) => {
    document.cookie = name + '=' + choice + '.' + encodeURIComponent(revision) +
      '; Path=/; Max-Age=' + days * 86400 + '; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
  };

  // Turn every gated script into a real one: same attributes but `type`, same code or `src`.
  const activate = () => {
    document.querySelectorAll('script[type="text/plain"][data-consent]').forEach((old) => {
      const script = document.createElement('script');
      for (const attr of Array.from(old.attributes)) {
        if (attr.name !== 'type') script.setAttribute(attr.name, attr.value);
      }
      if (old.hasAttribute('src')) {
        if (!old.hasAttribute('async')) script.async = false; // keep document order
      } else {
        script.text = old.text;
      }
      old.replaceWith(script);
      activated += 1;
    });
  };

  // Keep the end of the page readable above the fixed bar.
  const pad = () => {
    document.body.style.paddingBottom = box.hidden ? '' : box.offsetHeight + 'px';
  };

  const show = (focus) => {
    box.hidden = false;
    pad();
    if (focus) {
      const first = box.querySelector('button');
      if (first) first.focus();
    }
  };

  const hide = () => {
    const hadFocus = box.contains(document.activeElement);
    box.hidden = true;
    pad();
    if (hadFocus) {
      // Back to the control that opened the banner, else to what follows it in the page.
      const next = opener || document.querySelector('header a, main');
      if (next) next.focus();
    }
    opener = null;
  };

  box.addEventListener('click', (event) => {
    const button = event.target.closest('[data-consent-choice]');
    if (!button) return;
    const choice = button.getAttribute('data-consent-choice');
    if (!valid.includes(choice)) return;
    write(choice);
    hide();
    if (choice === 'accepted') {
      activate();
    } else if (choice === 'rejected' && activated) {
      // Consent withdrawn: scripts that already ran cannot be stopped, so start the page afresh.
      location.reload();
    }
  });

  if (mode === 'opt-in') {
    document.querySelectorAll('[data-consent-open]').forEach((control) => {
      control.hidden = false;
      control.addEventListener('click', () => {
        opener = control;
        show(true);
      });
    });
  }

  const stored = read();
  if (stored === 'accepted' || (mode === 'notice' && stored !== 'rejected')) activate();
  if (!stored) show(false);
  window.addEventListener('resize', () => {
    if (!box.hidden) pad();
  });
})();
