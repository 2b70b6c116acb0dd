/* newsroom consent; see README.md, "Consent". Cookie: "<revision>.<unix time>.<purposes joined by +>" */
(() => {
	const d = document, q = (s, e) => (e || d).querySelectorAll(s), box = d.getElementById('consent');
	if (!box) return;
	const prefs = d.getElementById('consent-prefs'), said = d.getElementById('consent-status');
	const o = box.dataset, notice = o.mode == 'notice', rev = o.revision;
	const name = /^[\w-]+$/.test(o.cookieName) ? o.cookieName : 'newsroom_consent';
	const all = o.purposes.split(' '), keys = all.map((k) => k.replace('!', ''));
	let granted = null, time = 0, opener; // null: no choice for this revision, so no consent
	const v = (d.cookie.match('(?:^|; )' + name + '=([^;]*)') || [0, ''])[1].split('.');
	if (v.length == 3 && v[0] == rev) { time = +v[1]; granted = v[2].split('+'); }
	const has = (k) => notice || all.includes(k + '!') || !!granted && granted.includes(k);
	const load = (e, how) => {
		const p = e.querySelector('.embed-box'), f = d.createElement('iframe');
		if (!p) return;
		Object.assign(f, { src: e.dataset.player, title: e.dataset.title, allowFullscreen: true,
			allow: 'autoplay; encrypted-media; fullscreen; picture-in-picture',
			referrerPolicy: 'strict-origin-when-cross-origin' });
		e.dataset.loaded = how; e.box = p; p.replaceWith(f);
		return f;
	};
	// A withdrawn purpose's scripts stop on the next page; its embeds at once.
	const apply = () => {
		q('script[type="text/plain"][data-consent]').forEach((old) => {
			if (!has(old.dataset.consent)) return;
			const s = d.createElement('script');
			for (const a of old.attributes) if (a.name != 'type') s.setAttribute(a.name, a.value);
			if (old.src) s.async = old.hasAttribute('async'); else s.text = old.text;
			old.replaceWith(s);
		});
		q('[data-embed]').forEach((e) => {
			if (has(e.dataset.purpose)) load(e, 'consent');
			else if (e.dataset.loaded == 'consent') { e.querySelector('iframe').replaceWith(e.box); delete e.dataset.loaded; }
		});
		d.dispatchEvent(new CustomEvent('newsroom:consent', { detail: { granted: keys.filter(has), revision: +rev, time } }));
	};
	const save = (list) => {
		granted = keys.filter((k) => all.includes(k + '!') || list.includes(k));
		time = Date.now() / 1e3 | 0;
		d.cookie = name + '=' + rev + '.' + time + '.' + granted.join('+') + ';Path=/;SameSite=Lax;Max-Age=' +
			o.maxAgeDays * 86400 + (location.protocol == 'https:' ? ';Secure' : '');
		apply();
		said.textContent = said.dataset.saved;
	};
	const show = (on) => { box.hidden = !on; d.body.style.paddingBottom = on ? box.offsetHeight + 'px' : ''; };
	const back = () => { (opener && opener.offsetParent ? opener : d.getElementById('main')).focus(); opener = 0; };
	if (prefs) {
		// Closed without a choice (Escape): the first layer still asks.
		prefs.onclose = () => { if (granted) return back(); show(1); box.querySelector('[data-consent-choose]').focus(); };
		prefs.onkeydown = (e) => { // keep Tab inside, both ways
			const f = q('a[href],button,input:not([disabled])', prefs), n = f.length - 1;
			if (e.key == 'Tab' && d.activeElement == f[e.shiftKey ? 0 : n]) { e.preventDefault(); f[e.shiftKey ? n : 0].focus(); }
		};
	}
	d.addEventListener('click', (e) => {
		const b = e.target.closest('[data-consent-choice],[data-consent-choose],[data-consent-open],[data-embed-load]');
		if (!b) return;
		const embed = b.closest('[data-embed]'), c = b.dataset.consentChoice, inBox = box.contains(b);
		if (embed) embed.hasAttribute('data-once') ? load(embed, 'once').focus() : save((granted || []).concat(embed.dataset.purpose));
		else if (!c) {
			opener = inBox ? 0 : b;
			show(0);
			q('input', prefs).forEach((i) => { i.checked = has(i.name); });
			prefs.showModal();
			prefs.querySelector('input:not([disabled]),button').focus();
		} else {
			save(c == 'save' ? Array.from(q('input:checked', prefs), (i) => i.name) : c == 'none' ? [] : keys);
			if (prefs && prefs.open) prefs.close();
			if (box.contains(d.activeElement)) { show(0); back(); } else show(0);
		}
	});
	q(notice ? '[data-embed-load]' : '[data-embed-load],[data-consent-open]').forEach((b) => { b.hidden = false; });
	if (granted || notice) apply();
	if (!granted) { show(1); said.textContent = box.querySelector('.consent-text').textContent; }
	addEventListener('resize', () => box.hidden || show(1));
})();
