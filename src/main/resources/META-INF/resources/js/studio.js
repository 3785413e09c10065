// Imagine Studio: small progressive enhancements. Every page works without this file; it adds live
// counters, relative times that stay current, confirmations, and the gallery's player and hover previews.
(function () {
  'use strict';

  // ---------------------------------------------------------------- form helpers

  function showValue(el) {
    var out = el.dataset && el.dataset.output ? document.getElementById(el.dataset.output) : null;
    if (!out) {
      return;
    }
    out.textContent = el.value + (el.dataset.suffix || '');
    if (el.type === 'range') {
      el.setAttribute('aria-valuetext', el.value + ' seconds');
    }
  }

  function countPrompt(el) {
    var counter = el.id ? document.querySelector('[data-counter-for="' + el.id + '"]') : null;
    if (counter && el.maxLength > 0) {
      counter.textContent = el.value.length + ' / ' + el.maxLength;
      counter.classList.toggle('near-limit', el.value.length > el.maxLength * 0.9);
    }
  }

  document.addEventListener('input', function (e) {
    var t = e.target;
    if (t.matches('textarea[maxlength]')) {
      countPrompt(t);
    }
    if (t.matches('[data-output]')) {
      showValue(t);
    }
  });

  document.addEventListener('change', function (e) {
    if (e.target.matches('select[data-output]')) {
      showValue(e.target);
    }
  });

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
      return;
    }
    if (form.hasAttribute('data-disable-on-submit')) {
      var button = form.querySelector('button[type="submit"]');
      if (button && button.disabled) {
        // a second click while the first submission is on its way would queue a second job
        e.preventDefault();
        return;
      }
      if (button) {
        window.setTimeout(function () {
          button.disabled = true;
          button.dataset.label = button.textContent;
          button.textContent = 'Creating…';
        }, 0);
      }
    }
  });

  // coming back through the history shows the page as it was left: make its buttons usable again
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-disable-on-submit] button[type="submit"]:disabled').forEach(function (b) {
      b.disabled = false;
      if (b.dataset.label) {
        b.textContent = b.dataset.label;
      }
    });
  });

  // ---------------------------------------------------------------- input images (image and reference modes)
  // Each chosen image goes up once, as a file, to /uploads as soon as it is chosen; the form then carries only
  // its id (upload:<id>), so a form shown again (another model, an error) keeps it without sending it again.
  // The server checks every image by its bytes whatever this script lets through.

  var IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

  function mib(bytes) {
    return (bytes / 1048576).toFixed(1).replace(/\.0$/, '') + ' MiB';
  }

  function activeMode(form) {
    var checked = form.querySelector('input[name="mode"]:checked') || form.querySelector('input[name="mode"]');
    return checked ? checked.value : 'text';
  }

  function imageCount(form) {
    var mode = activeMode(form);
    if (mode === 'image') {
      return form.querySelectorAll('input[type="hidden"][name="first_frame"]').length;
    }
    if (mode === 'reference') {
      return form.querySelectorAll('input[type="hidden"][name="references"]').length;
    }
    return 0;
  }

  function syncImages(form) {
    var mode = activeMode(form);
    form.querySelectorAll('[data-mode-panel]').forEach(function (panel) {
      panel.hidden = panel.dataset.modePanel !== mode;
    });
    form.querySelectorAll('[data-dropzone]').forEach(function (zone) {
      var list = form.querySelector('[data-thumbs="' + zone.dataset.dropzone + '"]');
      zone.classList.toggle('full', list && list.children.length >= Number(zone.dataset.max || 1));
    });
    var count = form.querySelector('#image-count');
    if (count && count.value !== String(imageCount(form))) {
      count.value = String(imageCount(form));
      count.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }

  /** Bytes of the images the form holds in the active mode (those uploaded in this page). */
  function totalBytes(form) {
    var total = 0;
    var name = activeMode(form) === 'image' ? 'first_frame' : 'references';
    form.querySelectorAll('[data-thumbs="' + name + '"] [data-bytes]').forEach(function (i) {
      total += Number(i.dataset.bytes) || 0;
    });
    return total;
  }

  function say(zone, message) {
    var note = zone.parentNode.querySelector('.dropzone-message');
    if (!note) {
      note = document.createElement('p');
      note.className = 'dropzone-message';
      note.setAttribute('role', 'alert');
      zone.parentNode.insertBefore(note, zone.nextSibling);
    }
    note.textContent = message || '';
    note.hidden = !message;
  }

  /** Chooses the aspect ratio closest to the first frame's shape (the estimate follows) and says so. */
  function suggestAspect(form, zone, width, height) {
    var best = null;
    var bestDiff = Infinity;
    form.querySelectorAll('input[name="aspect_ratio"]').forEach(function (r) {
      var p = r.value.split(':');
      var diff = Math.abs(Math.log((Number(p[0]) / Number(p[1])) / (width / height)));
      if (diff < bestDiff) {
        bestDiff = diff;
        best = r;
      }
    });
    if (!best || best.checked) {
      return;
    }
    best.checked = true;
    best.dispatchEvent(new Event('change', { bubbles: true }));
    var note = zone.parentNode.querySelector('.aspect-suggestion');
    if (!note) {
      note = document.createElement('p');
      note.className = 'hint aspect-suggestion';
      note.setAttribute('role', 'status');
      zone.parentNode.appendChild(note);
    }
    note.textContent = 'Aspect ratio set to ' + best.value + ' to match the first frame (' + width + '×' + height + ').';
  }

  // ---------------------------------------------------------------- CSRF token
  // Writes made with the browser's cookies need the page's CSRF token (web/CsrfTokens): forms carry it as a hidden
  // field, htmx requests and uploads send it as a header read from the page's <meta name="csrf-token">.

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  document.addEventListener('htmx:configRequest', function (e) {
    if (e.detail.verb !== 'get') {
      e.detail.headers['X-CSRF-Token'] = csrfToken();
    }
  });

  function upload(form, zone, item, file) {
    var body = new FormData();
    body.append('file', file, file.name);
    item.dataset.uploading = '';
    fetch('/uploads', {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrfToken() }
    })
      .then(function (r) {
        return r.json().catch(function () { return { message: file.name + ' could not be uploaded (' + r.status + ').' }; })
          .then(function (answer) { return { ok: r.ok, answer: answer }; });
      })
      .then(function (res) {
        if (!res.ok || !res.answer.token) {
          throw new Error(res.answer.message || file.name + ' could not be uploaded.');
        }
        var hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = zone.dataset.dropzone;
        hidden.value = res.answer.token;
        item.dataset.bytes = String(res.answer.bytes || file.size);
        item.appendChild(hidden);
        delete item.dataset.uploading;
        syncImages(form);
      })
      .catch(function (err) {
        item.remove();
        say(zone, err.message);
        syncImages(form);
      });
  }

  function addFiles(zone, files) {
    var form = zone.closest('form');
    var name = zone.dataset.dropzone;
    var list = form.querySelector('[data-thumbs="' + name + '"]');
    var max = Number(zone.dataset.max || 1);
    var maxImage = Number(form.dataset.maxImageBytes || 20971520);
    var maxTotal = Number(form.dataset.maxTotalBytes || 37748736);
    say(zone, '');
    Array.prototype.forEach.call(files, function (file) {
      if (IMAGE_TYPES.indexOf(file.type) < 0) {
        say(zone, file.name + ' is not a PNG, JPEG or WebP image.');
        return;
      }
      if (file.size > maxImage) {
        say(zone, file.name + ' is ' + mib(file.size) + '; the limit is ' + mib(maxImage) + ' per image.');
        return;
      }
      if (max === 1) {
        list.innerHTML = '';
      } else if (list.children.length >= max) {
        say(zone, 'At most ' + max + ' images; remove one to add another.');
        return;
      }
      if (totalBytes(form) + file.size > maxTotal) {
        say(zone, file.name + ' does not fit: together the images may be at most ' + mib(maxTotal) + '.');
        return;
      }
      var item = document.createElement('li');
      item.className = 'image-thumb';
      item.dataset.bytes = String(file.size);
      var img = document.createElement('img');
      img.src = URL.createObjectURL(file);
      img.alt = file.name;
      img.onload = function () {
        if (name === 'first_frame') {
          suggestAspect(form, zone, img.naturalWidth, img.naturalHeight);
        }
        URL.revokeObjectURL(img.src);
      };
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'thumb-remove';
      remove.setAttribute('aria-label', 'Remove ' + file.name);
      remove.textContent = '×';
      item.append(img, remove);
      list.appendChild(item);
      upload(form, zone, item, file);
    });
  }

  // a form is sent only once its images are up: they travel as ids, not again as files
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form.querySelector('.image-thumb[data-uploading]')) {
      e.preventDefault();
      e.stopImmediatePropagation();
      var zone = form.querySelector('[data-mode-panel]:not([hidden]) [data-dropzone]');
      if (zone) {
        say(zone, 'Wait a moment: the images are still uploading.');
      }
    }
  }, true);

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t.matches('[data-dropzone] input[type="file"]')) {
      var chosen = Array.prototype.slice.call(t.files);
      // the picker is emptied: its files are uploaded now and must not go with the form again
      t.value = '';
      addFiles(t.closest('[data-dropzone]'), chosen);
    } else if (t.matches('[data-mode-tab]')) {
      syncImages(t.form);
    }
  });

  document.addEventListener('click', function (e) {
    var remove = e.target.closest('.thumb-remove');
    if (remove) {
      var form = remove.closest('form');
      remove.closest('.image-thumb').remove();
      syncImages(form);
    }
  });

  ['dragenter', 'dragover'].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var zone = e.target.closest && e.target.closest('[data-dropzone]');
      if (zone) {
        e.preventDefault();
        zone.classList.add('dragging');
      }
    });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var zone = e.target.closest && e.target.closest('[data-dropzone]');
      if (zone) {
        e.preventDefault();
        zone.classList.remove('dragging');
        if (type === 'drop' && e.dataTransfer) {
          addFiles(zone, e.dataTransfer.files);
        }
      }
    });
  });

  document.addEventListener('htmx:afterSettle', function (e) {
    var form = e.target.closest ? (e.target.matches('form') ? e.target : e.target.closest('form')) : null;
    if (form && form.querySelector('[data-mode-panel]')) {
      syncImages(form);
    }
  });

  // ---------------------------------------------------------------- relative times

  function ago(date) {
    var s = Math.floor((Date.now() - date.getTime()) / 1000);
    if (s < 5) { return 'just now'; }
    if (s < 60) { return s + ' s ago'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ago'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ago'; }
    var days = Math.floor(s / 86400);
    if (days === 1) { return 'yesterday'; }
    if (days < 14) { return days + ' days ago'; }
    return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  }

  function refreshTimes(root) {
    (root || document).querySelectorAll('time[data-ago]').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (!isNaN(d.getTime())) {
        t.textContent = ago(d);
      }
    });
  }

  window.setInterval(refreshTimes, 30000);
  document.addEventListener('htmx:afterSettle', function (e) {
    refreshTimes(e.target);
  });

  // ---------------------------------------------------------------- gallery: player and hover preview

  var reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var canHover = window.matchMedia('(hover: hover) and (pointer: fine)').matches;

  function stopPreview(card) {
    window.clearTimeout(card._previewTimer);
    var v = card.querySelector('video.hover-preview');
    if (v) {
      v.pause();
      v.removeAttribute('src');
      v.load();
      v.remove();
    }
    card.classList.remove('previewing');
  }

  function startPreview(card) {
    if (card.querySelector('video.hover-preview')) {
      return;
    }
    var v = document.createElement('video');
    v.className = 'hover-preview';
    v.muted = true;
    v.loop = true;
    v.playsInline = true;
    v.autoplay = true;
    v.setAttribute('aria-hidden', 'true');
    v.src = card.dataset.video;
    card.querySelector('.video-thumb').appendChild(v);
    card.classList.add('previewing');
    var playing = v.play();
    if (playing && playing.catch) {
      playing.catch(function () { /* the poster stays */ });
    }
  }

  var currentCard = null;

  function playableCards() {
    return Array.prototype.slice.call(document.querySelectorAll('.video-card[data-video]'));
  }

  /** Shows the previous (-1) or next (+1) video of the page in the open player. */
  function step(delta) {
    var cards = playableCards();
    var at = cards.indexOf(currentCard);
    var next = cards[at + delta];
    if (at >= 0 && next) {
      openPlayer(next);
    }
  }

  function openPlayer(card) {
    currentCard = card;
    var dialog = document.getElementById('player');
    var body = dialog.querySelector('.lightbox-body');
    body.replaceChildren();
    var v = document.createElement('video');
    v.controls = true;
    v.autoplay = true;
    v.playsInline = true;
    v.preload = 'auto';
    if (card.dataset.poster) {
      v.poster = card.dataset.poster;
    }
    v.src = card.dataset.video;
    v.setAttribute('data-job-id', card.dataset.jobId);
    body.appendChild(v);
    dialog.querySelector('.lightbox-title').textContent = card.dataset.title || '';
    dialog.querySelector('.lightbox-details').setAttribute('href', card.getAttribute('href'));
    var cards = playableCards();
    var at = cards.indexOf(card);
    dialog.querySelectorAll('[data-lightbox-step]').forEach(function (b) {
      var target = at + parseInt(b.getAttribute('data-lightbox-step'), 10);
      b.disabled = target < 0 || target >= cards.length;
    });
    if (!dialog.open) {
      dialog.showModal();
    }
    var playing = v.play();
    if (playing && playing.catch) {
      playing.catch(function () { /* the controls let the user start it */ });
    }
  }

  document.addEventListener('keydown', function (e) {
    var dialog = document.getElementById('player');
    if (!dialog || !dialog.open || e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      // Esc is the dialog's own: it closes the player
      e.preventDefault();
      step(e.key === 'ArrowRight' ? 1 : -1);
    }
  });

  document.addEventListener('click', function (e) {
    var stepButton = e.target.closest('[data-lightbox-step]');
    if (stepButton) {
      step(parseInt(stepButton.getAttribute('data-lightbox-step'), 10));
      return;
    }
    var card = e.target.closest('.video-card[data-video]');
    var dialog = document.getElementById('player');
    if (card && dialog && typeof dialog.showModal === 'function'
        && e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      stopPreview(card);
      openPlayer(card);
      return;
    }
    // a click on the backdrop (the dialog itself, outside its content) closes the player
    if (dialog && e.target === dialog) {
      dialog.close();
    }
  });

  document.addEventListener('close', function (e) {
    if (e.target.id === 'player') {
      e.target.querySelectorAll('video').forEach(function (v) {
        v.pause();
        v.removeAttribute('src');
        v.load();
      });
      e.target.querySelector('.lightbox-body').replaceChildren();
    }
  }, true);

  function bindPreviews() {
    if (reducedMotion) {
      return;
    }
    document.querySelectorAll('.video-card[data-video]').forEach(function (card) {
      if (card._previewBound) {
        return;
      }
      card._previewBound = true;
      if (canHover) {
        card.addEventListener('mouseenter', function () {
          card._previewTimer = window.setTimeout(function () { startPreview(card); }, 250);
        });
        card.addEventListener('mouseleave', function () { stopPreview(card); });
      }
      // keyboard users get the same muted preview when a card takes the focus
      card.addEventListener('focus', function () {
        card._previewTimer = window.setTimeout(function () { startPreview(card); }, 250);
      });
      card.addEventListener('blur', function () { stopPreview(card); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', bindPreviews);
  } else {
    bindPreviews();
  }

  // ---------------------------------------------------------------- selection and bulk actions

  var selected = {};

  function idBoxes() {
    return document.querySelectorAll('input[type="checkbox"][name="ids"][form="bulk"]');
  }

  function refreshSelection() {
    var bar = document.getElementById('bulk');
    if (!bar) {
      return;
    }
    var boxes = idBoxes();
    var count = 0;
    boxes.forEach(function (b) {
      if (selected[b.value]) {
        b.checked = true;
      }
      if (b.checked) {
        count++;
      }
    });
    bar.classList.toggle('has-selection', count > 0);
    var label = bar.querySelector('[data-selected-count]');
    if (label) {
      label.textContent = count === 0 ? 'Select' : count + ' selected';
    }
    var all = bar.querySelector('[data-select-all]');
    if (all) {
      all.checked = boxes.length > 0 && count === boxes.length;
      all.indeterminate = count > 0 && count < boxes.length;
    }
  }

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t.matches('input[name="ids"][form="bulk"]')) {
      if (t.checked) {
        selected[t.value] = true;
      } else {
        delete selected[t.value];
      }
      refreshSelection();
    } else if (t.matches('[data-select-all]')) {
      idBoxes().forEach(function (b) {
        b.checked = t.checked;
        if (t.checked) {
          selected[b.value] = true;
        } else {
          delete selected[b.value];
        }
      });
      refreshSelection();
    }
  });

  document.addEventListener('submit', function (e) {
    var button = e.submitter;
    if (button && button.dataset.confirmBulk && !window.confirm(button.dataset.confirmBulk)) {
      e.preventDefault();
    }
  });

  // ---------------------------------------------------------------- copy buttons

  document.addEventListener('click', function (e) {
    var b = e.target.closest('[data-copy]');
    if (!b) {
      return;
    }
    var text = b.getAttribute('data-copy');
    var done = function () {
      var label = b.textContent;
      b.textContent = 'Copied';
      window.setTimeout(function () { b.textContent = label; }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { /* the field beside it can be selected */ });
    }
  });

  // a share link's field selects itself when focused, ready to copy (a handler here: the CSP allows no onfocus=)
  document.addEventListener('focusin', function (e) {
    if (e.target.matches && e.target.matches('input.share-url')) {
      e.target.select();
    }
  });

  // ---------------------------------------------------------------- htmx trigger conditions
  // The pages' Content-Security-Policy forbids eval, which htmx needs for filters in hx-trigger
  // (change[...]); they run with allowEval off, and the conditions live here instead: a request whose
  // triggering event does not qualify is cancelled before it is sent.

  function skipRequest(elt, event) {
    var target = event && event.target;
    if (elt.id === 'estimate' && target) {
      // the model select re-renders the whole form (with its own estimate); a file first goes up as an upload;
      // of the input events only a range slider's asks for a new estimate while it moves
      if (event.type === 'change') {
        return target.name === 'model' || target.type === 'file';
      }
      return event.type === 'input' && target.type !== 'range';
    }
    if (elt.id === 'gallery-results' && event && event.type === 'sse:video-ready') {
      // a new video does not reshuffle the page under an open player
      var player = document.getElementById('player');
      return !!(player && player.open);
    }
    return false;
  }

  document.addEventListener('htmx:confirm', function (e) {
    if (skipRequest(e.detail.elt, e.detail.triggeringEvent)) {
      e.preventDefault();
    }
  });

  // ---------------------------------------------------------------- after htmx swapped a part in

  document.addEventListener('htmx:afterSwap', function () {
    refreshSelection();
    bindPreviews();
  });

  // ---------------------------------------------------------------- opt-in notifications
  // The pages' event stream is htmx's (the sse extension on <main>): the notify button listens to its job-ended
  // events (hx-trigger="sse:job-ended"), which bubble up here.

  var notified = {};

  function notifyOn() {
    return 'Notification' in window && Notification.permission === 'granted'
        && window.localStorage && localStorage.getItem('studio.notify') === 'on';
  }

  function notify(d) {
    if (!notifyOn() || notified[d.id]) {
      return;
    }
    notified[d.id] = true;
    var title = d.status === 'completed' ? 'Video ready' : 'Job ' + d.label.toLowerCase();
    try {
      var n = new Notification(title, { body: d.prompt, tag: 'job-' + d.id });
      n.onclick = function () {
        window.focus();
        window.location.href = '/jobs/' + d.id;
      };
    } catch (err) {
      // some browsers allow notifications only from a service worker: the page still updates
    }
  }

  document.addEventListener('sse:job-ended', function (e) {
    try {
      notify(JSON.parse(e.detail.data));
    } catch (err) {
      // not a document this script knows: nothing to show
    }
  });

  function showNotifyState(button) {
    if (!('Notification' in window)) {
      return;
    }
    button.hidden = false;
    if (Notification.permission === 'denied') {
      button.textContent = 'Notifications are blocked in this browser';
      button.disabled = true;
    } else {
      button.textContent = notifyOn() ? 'Notifications on (turn off)' : 'Notify me when jobs finish';
      button.setAttribute('aria-pressed', notifyOn() ? 'true' : 'false');
    }
  }

  document.addEventListener('click', function (e) {
    var button = e.target.closest('[data-notify-toggle]');
    if (!button || !('Notification' in window)) {
      return;
    }
    if (notifyOn()) {
      localStorage.setItem('studio.notify', 'off');
      showNotifyState(button);
      return;
    }
    // permission is asked only here, on the user's click
    var apply = function (permission) {
      if (permission === 'granted') {
        localStorage.setItem('studio.notify', 'on');
      }
      showNotifyState(button);
    };
    if (Notification.permission === 'granted') {
      apply('granted');
    } else {
      var asked = Notification.requestPermission(apply);
      if (asked && asked.then) {
        asked.then(apply);
      }
    }
  });

  // a job page whose job has ended has nothing left to notify about
  document.addEventListener('htmx:afterSettle', function () {
    var live = document.getElementById('job-live');
    if (live && ['completed', 'failed', 'cancelled', 'expired'].indexOf(live.dataset.status) >= 0) {
      document.querySelectorAll('.notify-line').forEach(function (n) { n.remove(); });
    }
  });

  function start() {
    document.querySelectorAll('[data-notify-toggle]').forEach(showNotifyState);
    refreshSelection();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
