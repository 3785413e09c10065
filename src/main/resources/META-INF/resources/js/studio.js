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

  function openPlayer(card) {
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
    dialog.showModal();
    var playing = v.play();
    if (playing && playing.catch) {
      playing.catch(function () { /* the controls let the user start it */ });
    }
  }

  document.addEventListener('click', function (e) {
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
    if (!canHover || reducedMotion) {
      return;
    }
    document.querySelectorAll('.video-card[data-video]').forEach(function (card) {
      if (card._previewBound) {
        return;
      }
      card._previewBound = true;
      card.addEventListener('mouseenter', function () {
        card._previewTimer = window.setTimeout(function () { startPreview(card); }, 250);
      });
      card.addEventListener('mouseleave', function () { stopPreview(card); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', bindPreviews);
  } else {
    bindPreviews();
  }
})();
