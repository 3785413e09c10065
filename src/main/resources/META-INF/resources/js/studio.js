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
  // Uploads travel with the form as data: URLs in hidden inputs, so a form shown again after an error keeps
  // them; the server checks every image by its bytes whatever this script lets through.

  var MAX_IMAGE_BYTES = 20 * 1024 * 1024;
  var MAX_TOTAL_BYTES = 36 * 1024 * 1024;
  var IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

  function activeMode(form) {
    var checked = form.querySelector('input[name="mode"]:checked') || form.querySelector('input[name="mode"]');
    return checked ? checked.value : 'text';
  }

  function imageCount(form) {
    var mode = activeMode(form);
    if (mode === 'image') {
      return form.querySelectorAll('input[name="first_frame"]').length;
    }
    if (mode === 'reference') {
      return form.querySelectorAll('input[name="references"]').length;
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

  function totalBytes(form) {
    var total = 0;
    form.querySelectorAll('input[name="first_frame"], input[name="references"]').forEach(function (i) {
      if (i.value.indexOf('data:') === 0) {
        total += Math.floor((i.value.length - i.value.indexOf(',') - 1) * 3 / 4);
      }
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

  function addFiles(zone, files) {
    var form = zone.closest('form');
    var name = zone.dataset.dropzone;
    var list = form.querySelector('[data-thumbs="' + name + '"]');
    var max = Number(zone.dataset.max || 1);
    say(zone, '');
    Array.prototype.forEach.call(files, function (file) {
      if (IMAGE_TYPES.indexOf(file.type) < 0) {
        say(zone, file.name + ' is not a PNG, JPEG or WebP image.');
        return;
      }
      if (file.size > MAX_IMAGE_BYTES) {
        say(zone, file.name + ' is larger than 20 MiB.');
        return;
      }
      if (max === 1) {
        list.innerHTML = '';
      } else if (list.children.length >= max) {
        say(zone, 'At most ' + max + ' images; remove one to add another.');
        return;
      }
      var item = document.createElement('li');
      item.className = 'thumb';
      list.appendChild(item);
      var reader = new FileReader();
      reader.onload = function () {
        if (totalBytes(form) + file.size > MAX_TOTAL_BYTES) {
          item.remove();
          say(zone, 'Together the images may be at most 36 MiB.');
          syncImages(form);
          return;
        }
        var img = document.createElement('img');
        img.src = reader.result;
        img.alt = file.name;
        var hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = name;
        hidden.value = reader.result;
        var remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'thumb-remove';
        remove.setAttribute('aria-label', 'Remove ' + file.name);
        remove.textContent = '×';
        item.append(img, hidden, remove);
        syncImages(form);
      };
      reader.onerror = function () {
        item.remove();
        say(zone, file.name + ' could not be read.');
      };
      reader.readAsDataURL(file);
    });
  }

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t.matches('[data-dropzone] input[type="file"]')) {
      addFiles(t.closest('[data-dropzone]'), t.files);
      t.value = '';
    } else if (t.matches('[data-mode-tab]')) {
      syncImages(t.form);
    }
  });

  document.addEventListener('click', function (e) {
    var remove = e.target.closest('.thumb-remove');
    if (remove) {
      var form = remove.closest('form');
      remove.closest('.thumb').remove();
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
