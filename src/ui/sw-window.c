/* sw-window.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sw-canvas.h"
#include "sw-code-view.h"
#include "sw-inspector.h"
#include "sw-states-browser.h"
#include "sw-definition.h"
#include "sw-diagram-export.h"
#include "sw-json.h"
#include "sw-fragment.h"
#include "sw-layout.h"
#include "sw-run-monitor.h"
#include "sw-target-picker.h"
#include "sw-validation-panel.h"
#include "sw-widget-css.h"
#include "sw-window.h"

#define SW_WINDOW_SCHEMA_ID "io.github.stepwise.Stepwise"
#define MAX_RECENT_FILES 10

/* The widths the states and the inspector can be dragged to (the inspector up to half the
 * window), and the handles' width: a line with room either side to grab it. */
#define BROWSER_MIN_WIDTH 160
#define BROWSER_MAX_WIDTH 400
#define INSPECTOR_MIN_WIDTH 280
#define PANE_HANDLE_CSS                                                                    \
  "separator.sw-pane-handle { min-width: 1px; padding: 0 2px; background-clip: content-box; }"

struct _SwWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  SwDocument           *document;
  GCancellable         *cancellable;
  guint                 loading : 1;
  guint                 close_confirmed : 1;
  guint                 close_after_save : 1;

  char                 *draft_path;
  guint                 autosave_id;
  AdwMessageDialog     *close_dialog;

  GtkWidget            *code_view;
  GtkWidget            *validation_panel;
  GtkWidget            *canvas;
  GtkWidget            *inspector;
  GtkWidget            *browser;
  GtkWidget            *run_canvas;
  GtkWidget            *monitor;
  GtkWidget            *target_picker;
  GtkWidget            *run_button;

  /* Template children */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkSpinner           *spinner;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkWidget            *open_button;
  GtkWidget            *save_button;
  GtkWidget            *undo_button;
  GtkWidget            *redo_button;
  GtkBox               *run_slot;
  GtkBox               *browser_slot;
  GtkBox               *canvas_slot;
  GtkBox               *inspector_slot;
  GtkBox               *code_slot;
  GtkBox               *run_canvas_slot;
  GtkBox               *monitor_slot;
  AdwFlap              *run_flap;
  AdwSqueezer          *view_squeezer;
  AdwViewSwitcherBar   *switcher_bar;
  guint                 fit_idle;
  gboolean              narrow;
  GtkWidget            *diagram_toggle;
  GtkBox               *validation_slot;
  AdwFlap              *browser_flap;
  AdwFlap              *inspector_flap;
  GtkWidget            *browser_toggle;
  GtkWidget            *inspector_toggle;
  GMenu                *recent_submenu;
  GtkWidget            *browser_handle;
  GtkWidget            *inspector_handle;
  AdwFlap              *resizing_flap;  /* the flap whose handle is being dragged, or NULL */
  int                   resize_start;   /* its flap's width when the drag began */
  int                   resize_max;     /* and the widest it may become in this drag */
};

G_DEFINE_FINAL_TYPE (SwWindow, sw_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FILE,
  PROP_LOADING,
  PROP_DOCUMENT,
  PROP_VIEW,
  PROP_SHOW_DIAGRAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sw_window_save_file (SwWindow           *self,
                                 GFile              *file,
                                 SwDefinitionFormat  format);

/* --- small helpers -------------------------------------------------------------------- */

static char *
dup_display_folder (GFile *file)
{
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autoptr (GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = NULL;

  if (parent == NULL)
    return NULL;
  if (g_file_equal (parent, home))
    return g_strdup ("~");
  relative = g_file_get_relative_path (home, parent);
  if (relative != NULL)
    {
      g_autofree char *display = g_filename_display_name (relative);

      return g_build_filename ("~", display, NULL);
    }
  return g_file_get_parse_name (parent);
}

static void
toast (SwWindow   *self,
       const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

static void
set_loading (SwWindow *self,
             gboolean  loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* --- the title, the undo pair --------------------------------------------------------- */

static void
update_title (SwWindow *self)
{
  GFile *file = sw_document_get_file (self->document);
  const char *name = sw_document_get_title (self->document);
  g_autofree char *title = NULL;
  g_autofree char *folder = file != NULL ? dup_display_folder (file) : NULL;
  g_autofree char *window_title = NULL;

  if (sw_document_get_modified (self->document))
    /* Translators: the title of a document with unsaved changes */
    title = g_strdup_printf (_("• %s"), name);
  else
    title = g_strdup (name);

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, folder);
  /* Translators: the window title: the document, then the application */
  window_title = g_strdup_printf (_("%s — Stepwise"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
update_actions (SwWindow *self)
{
  g_autofree char *undo = sw_document_dup_undo_label (self->document);
  g_autofree char *redo = sw_document_dup_redo_label (self->document);
  g_autofree char *undo_tip = NULL;
  g_autofree char *redo_tip = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 sw_document_can_undo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 sw_document_can_redo (self->document));

  /* Translators: a tooltip: what Undo would do, then its shortcut */
  undo_tip = g_strdup_printf (_("%s (Ctrl+Z)"), undo != NULL ? undo : _("Undo"));
  /* Translators: a tooltip: what Redo would do, then its shortcut */
  redo_tip = g_strdup_printf (_("%s (Shift+Ctrl+Z)"), redo != NULL ? redo : _("Redo"));
  gtk_widget_set_tooltip_text (self->undo_button, undo_tip);
  gtk_widget_set_tooltip_text (self->redo_button, redo_tip);
}

static void
document_notify_cb (SwDocument *document,
                    GParamSpec *pspec,
                    SwWindow   *self)
{
  update_title (self);
  update_actions (self);
  if (g_strcmp0 (pspec->name, "file") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

static void
machine_changed_cb (SwMachine *machine,
                    SwEdit    *edit,
                    SwWindow  *self)
{
  update_actions (self);
}

static void
document_machine_cb (SwDocument *document,
                     GParamSpec *pspec,
                     SwWindow   *self)
{
  SwMachine *machine = sw_document_get_machine (document);

  g_signal_connect_object (machine, "changed", G_CALLBACK (machine_changed_cb), self, 0);
  update_actions (self);
  if (self->browser != NULL)
    g_object_set (self->browser, "query-language", sw_machine_get_query_language (machine),
                  NULL);
  if (self->monitor != NULL)
    sw_run_monitor_set_machine (SW_RUN_MONITOR (self->monitor), machine);
}

/* --- the views ------------------------------------------------------------------------ */

/* Activating a row of the states browser inserts it after the selection (or at the end). */
static void
insert_requested_cb (SwStatesBrowser *browser,
                     const char      *fragment,
                     SwWindow        *self)
{
  g_autoptr(GError) error = NULL;

  if (!sw_canvas_paste_text (SW_CANVAS (self->canvas), fragment, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
run_status_cb (SwRunMonitor *monitor,
               GHashTable   *status,
               SwWindow     *self)
{
  sw_canvas_set_run_status (SW_CANVAS (self->canvas), status);
  sw_canvas_set_run_status (SW_CANVAS (self->run_canvas), status);
}

static void
run_state_selected_cb (SwRunMonitor *monitor,
                       const char   *pointer,
                       SwWindow     *self)
{
  sw_document_select_one (self->document, pointer);
}

static void
selection_for_monitor_cb (SwDocument *document,
                          SwWindow   *self)
{
  const char * const *selection = sw_document_get_selection (document);

  if (selection != NULL && selection[0] != NULL)
    sw_run_monitor_select_state (SW_RUN_MONITOR (self->monitor), selection[0]);
}

static void
deploy_failed_cb (SwRunMonitor *monitor,
                  GPtrArray    *diagnostics,
                  const char   *message,
                  SwWindow     *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  /* the service's validation errors: in the validation panel and on the canvas */
  if (diagnostics != NULL && diagnostics->len > 0)
    sw_document_set_external_diagnostics (self->document, _("AWS"), diagnostics);
  sw_window_set_view (self, "design");
}

/* "win.run", the header bar's Run button: deploy to the picked target, ask for the input,
 * start and watch the run beside a canvas coloured live. */
static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);

  /* a new deploy judges the definition again: a success leaves no service errors */
  sw_document_set_external_diagnostics (self->document, NULL, NULL);
  sw_window_set_view (self, "run");
  sw_run_monitor_run_document (SW_RUN_MONITOR (self->monitor), GTK_WINDOW (self),
                               self->document);
}

/* Run says where it deploys: the target picker is in the header bar in the Runs view only,
 * which leaves the file's name room in the others. */
static void
target_changed_cb (SwTargetPicker *picker,
                   GParamSpec     *pspec,
                   SwWindow       *self)
{
  SwTarget *target = sw_target_picker_get_target (picker);
  g_autofree char *tip = NULL;

  if (self->run_button == NULL)
    return;
  if (target != NULL)
    /* Translators: the Run button's tooltip; %s is the target, such as This computer */
    tip = g_strdup_printf (_("Deploy the workflow to “%s” and start a run"),
                           sw_target_get_label (target));
  gtk_widget_set_tooltip_text (self->run_button, tip != NULL ? tip :
                               _("Deploy the workflow to the target and start a run"));
}

/* The header bar holds what the view needs, so that the title has room at the default width:
 * the file's buttons while designing, the target while watching runs (the keys and the main
 * menu work in every view). */
static void
update_header (SwWindow *self)
{
  gboolean runs = g_strcmp0 (sw_window_get_view (self), "run") == 0;
  gboolean design = g_strcmp0 (sw_window_get_view (self), "design") == 0;

  /* (the view stack notifies while the window is disposed too) */
  if (self->target_picker == NULL || self->open_button == NULL || self->undo_button == NULL ||
      self->run_button == NULL)
    return;
  gtk_widget_set_visible (self->diagram_toggle, runs && adw_flap_get_folded (self->run_flap));
  gtk_widget_set_visible (self->browser_toggle,
                          design && adw_flap_get_folded (self->browser_flap));
  gtk_widget_set_visible (self->inspector_toggle,
                          design && adw_flap_get_folded (self->inspector_flap));
  /* F9 slides the diagram over the monitor, where the sidebar button does */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-diagram",
                                 runs && adw_flap_get_folded (self->run_flap));
  gtk_widget_set_visible (self->target_picker, runs);
  /* As narrow as a phone, Open and Save are left to the main menu and their keys, and Run
   * to the Runs view and Ctrl+R, for the sidebar buttons of the Design view. */
  gtk_widget_set_visible (self->open_button, !runs && !self->narrow);
  gtk_widget_set_visible (self->save_button, !runs && !self->narrow);
  gtk_widget_set_visible (self->run_button, runs || !self->narrow);
  gtk_widget_set_visible (gtk_widget_get_parent (self->undo_button), !runs);
}

/* What the header bar and the bar below show follows the widths the window was given: the
 * squeezer and the flap decide while the window is allocated, and these change its layout,
 * so they follow once that is done. */
static gboolean
fit_header (gpointer user_data)
{
  SwWindow *self = user_data;
  GtkWidget *shown = adw_squeezer_get_visible_child (self->view_squeezer);

  self->fit_idle = 0;
  update_header (self);
  /* Too narrow for the views' buttons in the header bar: at the bottom, as on a phone. */
  g_debug ("View buttons: %s", shown ? gtk_widget_get_name (shown) : "at the bottom");
  adw_view_switcher_bar_set_reveal (self->switcher_bar, shown == NULL);
  return G_SOURCE_REMOVE;
}

static void
fit_header_later (SwWindow *self)
{
  if (self->switcher_bar != NULL && self->fit_idle == 0)
    self->fit_idle = g_idle_add (fit_header, self);
}

static void
reveal_flap_cb (AdwFlap    *flap,
                GParamSpec *pspec,
                SwWindow   *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DIAGRAM]);
}

/* The run pane: a target picker and Run in the header bar, the monitor beside a canvas. */
static void
build_run_views (SwWindow *self)
{
  GtkWidget *picker = sw_target_picker_new ();
  GtkWidget *run_button = gtk_button_new ();
  GtkWidget *run_content = adw_squeezer_new ();
  GtkWidget *run_label = gtk_label_new_with_mnemonic (_("_Run"));

  /* "Run", or its icon in a header bar as narrow as a phone's. */
  adw_squeezer_set_transition_type (ADW_SQUEEZER (run_content),
                                    ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  adw_squeezer_add (ADW_SQUEEZER (run_content), run_label);
  adw_squeezer_add (ADW_SQUEEZER (run_content),
                    gtk_image_new_from_icon_name ("media-playback-start-symbolic"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (run_label), run_button);
  gtk_button_set_child (GTK_BUTTON (run_button), run_content);
  self->target_picker = picker;
  self->run_button = run_button;
  gtk_widget_add_css_class (run_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (run_button), "win.run");
  gtk_box_append (self->run_slot, picker);
  gtk_box_append (self->run_slot, run_button);
  g_signal_connect_object (picker, "notify::target", G_CALLBACK (target_changed_cb), self, 0);
  target_changed_cb (SW_TARGET_PICKER (picker), NULL, self);

  /* Narrow, the diagram folds away: the sidebar button (win.show-diagram, F9) slides it
   * over the monitor. */
  g_signal_connect_object (self->run_flap, "notify::reveal-flap",
                           G_CALLBACK (reveal_flap_cb), self, 0);
  g_signal_connect_object (self->run_flap, "notify::folded", G_CALLBACK (fit_header_later),
                           self, G_CONNECT_SWAPPED);

  self->run_canvas = sw_canvas_new (self->document);
  /* The diagram is shown whole at the width it is given (folded, it is as wide as the
   * window), until the user zooms or pans it. */
  sw_canvas_set_keep_fit (SW_CANVAS (self->run_canvas), TRUE);
  gtk_widget_set_vexpand (self->run_canvas, TRUE);
  gtk_widget_set_hexpand (self->run_canvas, TRUE);
  gtk_box_append (self->run_canvas_slot, self->run_canvas);

  self->monitor = sw_run_monitor_new ();
  gtk_widget_set_vexpand (self->monitor, TRUE);
  gtk_box_append (self->monitor_slot, self->monitor);
  g_object_bind_property (picker, "target", self->monitor, "target", G_BINDING_SYNC_CREATE);
  sw_run_monitor_set_machine (SW_RUN_MONITOR (self->monitor),
                              sw_document_get_machine (self->document));
  /* The monitor may outlive the window (a deploy in flight holds it): sw_window_dispose()
   * cancels that and disconnects these first. */
  g_signal_connect_object (self->monitor, "status-changed", G_CALLBACK (run_status_cb), self,
                           0);
  g_signal_connect_object (self->monitor, "state-selected", G_CALLBACK (run_state_selected_cb),
                           self, 0);
  g_signal_connect_object (self->monitor, "deploy-failed", G_CALLBACK (deploy_failed_cb), self,
                           0);
  g_signal_connect_object (self->document, "selection-changed",
                           G_CALLBACK (selection_for_monitor_cb), self, 0);
}

/* --- resizing the states and the inspector ---------------------------------------------- */

static int
pane_min_width (SwWindow *self,
                AdwFlap  *flap)
{
  return flap == self->browser_flap ? BROWSER_MIN_WIDTH : INSPECTOR_MIN_WIDTH;
}

/* The narrowest @widget can be without folding (an unfolded AdwFlap measures its folded
 * minimum, narrower). */
static int
unfolded_min_width (GtkWidget *widget)
{
  int width = 0;

  if (ADW_IS_FLAP (widget) && !adw_flap_get_folded (ADW_FLAP (widget)))
    {
      AdwFlap *flap = ADW_FLAP (widget);

      width = unfolded_min_width (adw_flap_get_content (flap));
      if (adw_flap_get_flap (flap) != NULL)
        width += unfolded_min_width (adw_flap_get_flap (flap));
      if (adw_flap_get_separator (flap) != NULL)
        width += unfolded_min_width (adw_flap_get_separator (flap));
      return width;
    }
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  return width;
}

/* Unfolded, a drag on a flap's separator resizes the flap: within its bounds, and only into
 * the room the diagram can spare (wider, the flap would fold). Folded, the drag is ignored. */
static void
pane_drag_begin_cb (GtkGestureDrag *gesture,
                    double          x,
                    double          y,
                    SwWindow       *self)
{
  AdwFlap *flap = g_object_get_data (G_OBJECT (gesture), "sw-flap");
  GtkWidget *slot = adw_flap_get_flap (flap);
  GtkWidget *content = adw_flap_get_content (flap);
  int content_min;
  int bound;

  self->resizing_flap = NULL;
  if (adw_flap_get_folded (flap) || !gtk_widget_get_mapped (slot))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  content_min = unfolded_min_width (content);
  bound = flap == self->browser_flap ? BROWSER_MAX_WIDTH
                                     : gtk_widget_get_width (GTK_WIDGET (self)) / 2;
  self->resizing_flap = flap;
  self->resize_start = gtk_widget_get_width (slot);
  self->resize_max = MIN (bound, self->resize_start +
                                 MAX (0, gtk_widget_get_width (content) - content_min));
  self->resize_max = MAX (self->resize_max, pane_min_width (self, flap));
}

static void
pane_drag_update_cb (GtkGestureDrag *gesture,
                     double          offset_x,
                     double          offset_y,
                     SwWindow       *self)
{
  AdwFlap *flap = g_object_get_data (G_OBJECT (gesture), "sw-flap");
  gboolean at_start = adw_flap_get_flap_position (flap) == GTK_PACK_START;
  int width;

  if (self->resizing_flap != flap || adw_flap_get_folded (flap))
    return;
  /* the flap at the start grows to the right, the one at the end to the left (mirrored
   * right to left) */
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    at_start = !at_start;
  width = self->resize_start + (int) round (at_start ? offset_x : -offset_x);
  width = CLAMP (width, pane_min_width (self, flap), self->resize_max);
  gtk_widget_set_size_request (adw_flap_get_flap (flap), width, -1);
}

static void
pane_drag_end_cb (GtkGestureDrag *gesture,
                  double          offset_x,
                  double          offset_y,
                  SwWindow       *self)
{
  AdwFlap *flap = g_object_get_data (G_OBJECT (gesture), "sw-flap");
  int width;

  if (self->resizing_flap != flap)
    return;
  self->resizing_flap = NULL;
  gtk_widget_get_size_request (adw_flap_get_flap (flap), &width, NULL);
  g_settings_set_int (self->settings, g_object_get_data (G_OBJECT (gesture), "sw-key"), width);
}

static void
setup_pane_handle (SwWindow   *self,
                   GtkWidget  *handle,
                   AdwFlap    *flap,
                   const char *key)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  int default_width = 0;
  int default_height = 0;
  int width = g_settings_get_int (self->settings, key);

  /* the width the flap was last dragged to (the inspector at most half the window) */
  gtk_window_get_default_size (GTK_WINDOW (self), &default_width, &default_height);
  if (flap == self->inspector_flap && default_width > 0)
    width = MIN (width, MAX (INSPECTOR_MIN_WIDTH, default_width / 2));
  gtk_widget_set_size_request (adw_flap_get_flap (flap), width, -1);

  sw_widget_css_install (handle, "sw-pane-handle-css", PANE_HANDLE_CSS);
  gtk_widget_add_css_class (handle, "sw-pane-handle");
  gtk_widget_set_cursor_from_name (handle, "col-resize");
  g_object_set_data (G_OBJECT (drag), "sw-flap", flap);
  g_object_set_data (G_OBJECT (drag), "sw-key", (gpointer) key);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (pane_drag_begin_cb), self, 0);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (pane_drag_update_cb), self, 0);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (pane_drag_end_cb), self, 0);
  gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (drag));
}

static void
build_views (SwWindow *self)
{
  self->browser = sw_states_browser_new ();
  gtk_widget_set_vexpand (self->browser, TRUE);
  gtk_box_append (self->browser_slot, self->browser);
  g_object_set (self->browser, "query-language",
                sw_machine_get_query_language (sw_document_get_machine (self->document)), NULL);
  g_signal_connect_object (self->browser, "insert-requested", G_CALLBACK (insert_requested_cb),
                           self, 0);

  self->canvas = sw_canvas_new (self->document);
  /* (the inspector and the states fold in and out with the width: the diagram stays whole
   * until the user zooms or pans) */
  sw_canvas_set_keep_fit (SW_CANVAS (self->canvas), TRUE);
  gtk_widget_set_vexpand (self->canvas, TRUE);
  gtk_widget_set_hexpand (self->canvas, TRUE);
  gtk_box_append (self->canvas_slot, self->canvas);

  self->inspector = sw_inspector_new (self->document);
  gtk_widget_set_vexpand (self->inspector, TRUE);
  gtk_box_append (self->inspector_slot, self->inspector);

  /* Narrow, the states and the inspector fold away: the header bar's sidebar buttons slide
   * them over the diagram. */
  g_object_bind_property (self->browser_flap, "reveal-flap", self->browser_toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->inspector_flap, "reveal-flap", self->inspector_toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->browser_flap, "notify::folded", G_CALLBACK (fit_header_later),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->inspector_flap, "notify::folded",
                           G_CALLBACK (fit_header_later), self, G_CONNECT_SWAPPED);

  setup_pane_handle (self, self->browser_handle, self->browser_flap, "states-width");
  setup_pane_handle (self, self->inspector_handle, self->inspector_flap, "inspector-width");

  self->code_view = sw_code_view_new (self->document);
  gtk_widget_set_vexpand (self->code_view, TRUE);
  gtk_box_append (self->code_slot, self->code_view);

  build_run_views (self);
}

/* The inspector, folded away in a narrow window, slides over the diagram to be edited in. */
static void
show_inspector (SwWindow *self)
{
  if (adw_flap_get_folded (self->inspector_flap))
    adw_flap_set_reveal_flap (self->inspector_flap, TRUE);
}

/* "win.focus-inspector" (Enter on the canvas): edit the selected state, or the machine. */
static void
focus_inspector_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  SwState *state = sw_document_get_selected_state (self->document);
  g_autofree char *pointer = state != NULL ? sw_state_dup_pointer (state) : NULL;

  sw_window_set_view (self, "design");
  show_inspector (self);
  sw_inspector_focus_pointer (SW_INSPECTOR (self->inspector),
                              pointer != NULL ? pointer : "/Comment");
}

/* In the code view the cursor goes to the problem. In the design its state is selected and
 * the inspector focuses the field; what no field edits is shown in the code. */
static void
diagnostic_activated_cb (SwValidationPanel  *panel,
                         const SwDiagnostic *diagnostic,
                         SwWindow           *self)
{
  const char *pointer = diagnostic->pointer != NULL ? diagnostic->pointer : "";
  g_autofree char *state = sw_document_dup_state_pointer_for (self->document, pointer);

  if (g_strcmp0 (sw_window_get_view (self), "code") != 0)
    {
      sw_window_set_view (self, "design");
      if (sw_inspector_focus_pointer (SW_INSPECTOR (self->inspector), pointer) || state != NULL)
        {
          show_inspector (self);
          return;
        }
    }
  sw_window_set_view (self, "code");
  sw_code_view_go_to_pointer (SW_CODE_VIEW (self->code_view), pointer, diagnostic->line,
                              diagnostic->column);
}

/* --- loading and saving --------------------------------------------------------------- */

static void
show_load_error (SwWindow     *self,
                 GFile        *file,
                 const GError *error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  /* Translators: the placeholder in each of these is a file name */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    message = g_strdup_printf (_("“%s” does not exist"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    message = g_strdup_printf (_("You may not read “%s”"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    message = g_strdup_printf (_("“%s” is a folder"), name);
  else
    message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);
  toast (self, message);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (SwWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  GFile *file = g_object_get_data (G_OBJECT (result), "sw-file");

  if (!sw_document_load_finish (SW_DOCUMENT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->document != NULL)
        {
          g_autoptr (GFile) wanted = g_object_steal_data (G_OBJECT (self), "sw-loading-file");

          show_load_error (self, wanted != NULL ? wanted : file, error);
          set_loading (self, FALSE);
        }
      return;
    }
  if (self->document == NULL)
    return;

  g_object_set_data (G_OBJECT (self), "sw-loading-file", NULL);
  add_recent (sw_document_get_file (self->document));
  set_loading (self, FALSE);
}

/**
 * sw_window_open:
 * @self: a #SwWindow
 * @file: the state machine to show
 *
 * Loads @file into the window's document, without blocking; #SwWindow:loading is %TRUE
 * meanwhile. On an error the window keeps what it showed and tells in a toast.
 */
void
sw_window_open (SwWindow *self,
                GFile    *file)
{
  g_return_if_fail (SW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_object_set_data_full (G_OBJECT (self), "sw-loading-file", g_object_ref (file),
                          g_object_unref);
  set_loading (self, TRUE);
  sw_document_load_async (self->document, file, self->cancellable, load_cb,
                          g_object_ref (self));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (SwWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean saved = sw_document_save_finish (SW_DOCUMENT (object), result, &error);

  /* (closed meanwhile: the file is written all the same, and no widget is left to tell) */
  if (self->document == NULL)
    return;
  set_loading (self, FALSE);
  if (!saved)
    {
      g_autofree char *message = NULL;

      self->close_after_save = FALSE;
      /* Translators: the placeholder is the error */
      message = g_strdup_printf (_("Could not save: %s"), error->message);
      toast (self, message);
      return;
    }

  add_recent (sw_document_get_file (self->document));
  if (self->draft_path != NULL)
    g_unlink (self->draft_path);
  if (self->close_after_save)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
sw_window_save_file (SwWindow           *self,
                     GFile              *file,
                     SwDefinitionFormat  format)
{
  set_loading (self, TRUE);
  sw_document_save_async (self->document, file, format, NULL, save_cb, g_object_ref (self));
}

static GtkFileFilter *
definition_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("State Machines"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.yaml");
  gtk_file_filter_add_pattern (filter, "*.yml");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_mime_type (filter, "application/yaml");
  return filter;
}

static void
set_chooser_folder (SwWindow       *self,
                    GtkFileChooser *chooser)
{
  GFile *file = sw_document_get_file (self->document);
  g_autoptr (GFile) folder = file != NULL ? g_file_get_parent (file) : NULL;

  if (folder != NULL)
    gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr (SwWindow) self = user_data;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file == NULL)
    {
      self->close_after_save = FALSE;
      return;
    }
  {
    g_autofree char *name = g_file_get_basename (file);

    sw_window_save_file (self, file, sw_definition_format_for_path (name));
  }
}

static void
save_as (SwWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = definition_filter ();
  GFile *file = sw_document_get_file (self->document);
  g_autofree char *name = file != NULL ? g_file_get_basename (file)
                                       : g_strdup (_("workflow.asl.json"));

  chooser = gtk_file_chooser_native_new (_("Save State Machine"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  set_chooser_folder (self, GTK_FILE_CHOOSER (chooser));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_as_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save (SwWindow *self)
{
  if (sw_document_get_file (self->document) == NULL)
    save_as (self);
  else
    sw_window_save_file (self, NULL, sw_document_get_format (self->document));
}

/* --- export --------------------------------------------------------------------------- */

/**
 * sw_window_export:
 * @kind: "json", "yaml", "svg", "png" or "pdf"
 *
 * Writes the definition (canonical JSON or YAML) or the diagram to @file. The document
 * keeps its own file.
 */
gboolean
sw_window_export (SwWindow    *self,
                  GFile       *file,
                  const char  *kind,
                  GError     **error)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (g_strcmp0 (kind, "json") == 0 || g_strcmp0 (kind, "yaml") == 0)
    {
      SwDefinitionFormat format = kind[0] == 'y' ? SW_DEFINITION_FORMAT_YAML
                                                 : SW_DEFINITION_FORMAT_JSON;
      g_autofree char *text = sw_document_serialize (self->document, format);

      return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                      G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
    }
  else
    {
      g_autoptr (SwLayout) layout = NULL;
      g_autoptr (GBytes) bytes = NULL;
      SwPaintOptions options;
      SwDiagramFormat format;

      if (g_strcmp0 (kind, "svg") == 0)
        format = SW_DIAGRAM_FORMAT_SVG;
      else if (g_strcmp0 (kind, "png") == 0)
        format = SW_DIAGRAM_FORMAT_PNG;
      else if (g_strcmp0 (kind, "pdf") == 0)
        format = SW_DIAGRAM_FORMAT_PDF;
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Unknown export format “%s”"), kind);
          return FALSE;
        }

      layout = sw_layout_new (sw_document_get_machine (self->document),
                              sw_document_get_positions (self->document));
      sw_paint_options_init (&options, FALSE);
      options.background = TRUE;
      if (format == SW_DIAGRAM_FORMAT_PNG)
        options.scale = 2;
      bytes = sw_diagram_export_bytes (layout, &options, format, error);
      if (bytes == NULL)
        return FALSE;
      return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL, FALSE,
                                      G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
    }
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr (SwWindow) self = user_data;
  g_autofree char *kind = g_strdup (g_object_get_data (G_OBJECT (dialog), "sw-kind"));
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file == NULL)
    return;
  if (!sw_window_export (self, file, kind, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);

      toast (self, message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);

      toast (self, message);
    }
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  const char *kind = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  const char *title = sw_document_get_title (self->document);

  base = g_str_has_suffix (title, ".asl.json") ? g_strndup (title, strlen (title) - 9)
       : g_str_has_suffix (title, ".asl.yaml") ? g_strndup (title, strlen (title) - 9)
       : g_strdup (sw_document_get_file (self->document) != NULL ? title : "workflow");
  if (g_strcmp0 (kind, "json") == 0 || g_strcmp0 (kind, "yaml") == 0)
    name = g_strdup_printf ("%s.asl.%s", base, kind);
  else
    name = g_strdup_printf ("%s.%s", base, kind);

  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  set_chooser_folder (self, GTK_FILE_CHOOSER (chooser));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "sw-kind", g_strdup (kind), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- open ----------------------------------------------------------------------------- */

/* A window whose document is untitled and unchanged takes the next file opened. */
static gboolean
is_pristine (SwWindow *self)
{
  return sw_document_get_file (self->document) == NULL &&
         !sw_document_get_modified (self->document) &&
         !sw_document_can_undo (self->document) &&
         !self->loading;
}

/**
 * sw_window_open_anywhere:
 *
 * Opens @file in this window when it shows an untouched new workflow, else in a new window
 * of the same application.
 *
 * Returns: (transfer none): the window that opens it
 */
SwWindow *
sw_window_open_anywhere (SwWindow *self,
                         GFile    *file)
{
  SwWindow *target = self;

  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  if (!is_pristine (self))
    {
      target = sw_window_new (gtk_window_get_application (GTK_WINDOW (self)));
      gtk_window_present (GTK_WINDOW (target));
    }
  sw_window_open (target, file);
  return target;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr (SwWindow) self = user_data;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file != NULL)
    sw_window_open_anywhere (self, file);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  g_autoptr (GtkFileFilter) machines = definition_filter ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open State Machine"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), machines);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  set_chooser_folder (self, GTK_FILE_CHOOSER (chooser));

  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  sw_window_open_anywhere (SW_WINDOW (widget), file);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a;
  GtkRecentInfo *ib = *(GtkRecentInfo **) b;

  return -g_date_time_compare (gtk_recent_info_get_modified (ia),
                               gtk_recent_info_get_modified (ib));
}

static void
update_recent_menu (SwWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  guint n = 0;

  g_menu_remove_all (self->recent_submenu);
  for (GList *l = items; l != NULL; l = l->next)
    {
      const char *uri = gtk_recent_info_get_uri (l->data);

      if (g_str_has_suffix (uri, ".json") || g_str_has_suffix (uri, ".yaml") ||
          g_str_has_suffix (uri, ".yml"))
        g_ptr_array_add (kept, l->data);
    }
  g_ptr_array_sort (kept, compare_recent);

  for (guint i = 0; i < kept->len && n < MAX_RECENT_FILES; i++, n++)
    {
      GtkRecentInfo *info = g_ptr_array_index (kept, i);
      g_autoptr (GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      /* Underscores in file names are not mnemonics. */
      {
        g_auto (GStrv) parts = g_strsplit (gtk_recent_info_get_display_name (info), "_", -1);

        label = g_strjoinv ("__", parts);
      }
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_submenu, item);
    }
  if (n == 0)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_("No Recent Files"), "win.none");

      g_menu_append_item (self->recent_submenu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* --- drafts --------------------------------------------------------------------------- */

/**
 * sw_window_get_drafts_dir:
 *
 * Returns: (transfer full): `$XDG_STATE_HOME/stepwise/drafts`
 */
char *
sw_window_get_drafts_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "stepwise", "drafts", NULL);
}

/**
 * sw_window_write_draft:
 *
 * Writes the document (or the text that does not parse yet) to the window's draft file, so
 * that it survives a crash. Nothing when there are no unsaved changes.
 *
 * Returns: %FALSE on an error
 */
gboolean
sw_window_write_draft (SwWindow  *self,
                       GError   **error)
{
  g_autoptr (SwValue) draft = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  const char *pending;
  GFile *file;

  g_return_val_if_fail (SW_IS_WINDOW (self), FALSE);

  if (!sw_document_get_modified (self->document))
    return TRUE;

  dir = sw_window_get_drafts_dir ();
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (self->draft_path == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strconcat (uuid, ".json", NULL);

      self->draft_path = g_build_filename (dir, name, NULL);
    }

  pending = sw_document_get_pending_text (self->document);
  text = pending != NULL ? g_strdup (pending)
                         : sw_document_serialize (self->document,
                                                  sw_document_get_format (self->document));
  file = sw_document_get_file (self->document);

  draft = sw_value_new_object ();
  if (file != NULL)
    sw_value_object_set (draft, "file", sw_value_new_string_take (g_file_get_uri (file)));
  else
    sw_value_object_set (draft, "file", sw_value_new_null ());
  sw_value_object_set (draft, "format",
                       sw_value_new_string (sw_document_get_format (self->document) ==
                                            SW_DEFINITION_FORMAT_YAML ? "yaml" : "json"));
  sw_value_object_set (draft, "text", sw_value_new_string (text));
  json = sw_json_write (draft, 0, NULL);
  return g_file_set_contents_full (self->draft_path, json, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * sw_window_restore_draft:
 * @path: a draft written by sw_window_write_draft()
 *
 * Shows the draft as unsaved changes in this window; the draft file becomes the window's.
 */
gboolean
sw_window_restore_draft (SwWindow    *self,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (SwValue) draft = NULL;
  g_autoptr (GFile) file = NULL;
  SwValue *uri, *format, *text;
  gsize length = 0;

  g_return_val_if_fail (SW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  draft = sw_json_parse (contents, length, NULL, NULL, error);
  if (draft == NULL)
    return FALSE;
  uri = sw_value_object_get (draft, "file");
  format = sw_value_object_get (draft, "format");
  text = sw_value_object_get (draft, "text");
  if (!sw_value_is_string (text))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a draft"), path);
      return FALSE;
    }
  if (sw_value_is_string (uri))
    file = g_file_new_for_uri (sw_value_get_string (uri));

  sw_document_restore_draft (self->document, file,
                             g_strcmp0 (sw_value_get_string (format), "yaml") == 0
                               ? SW_DEFINITION_FORMAT_YAML : SW_DEFINITION_FORMAT_JSON,
                             sw_value_get_string (text));
  g_free (self->draft_path);
  self->draft_path = g_strdup (path);
  if (sw_document_get_pending_text (self->document) != NULL)
    sw_window_set_view (self, "code");
  return TRUE;
}

static gboolean
autosave_cb (gpointer user_data)
{
  SwWindow *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sw_window_write_draft (self, &error))
    g_warning ("Could not write a draft: %s", error->message);
  return G_SOURCE_CONTINUE;
}

static void
autosave_interval_changed_cb (GSettings  *settings,
                              const char *key,
                              SwWindow   *self)
{
  guint interval = g_settings_get_uint (settings, "autosave-interval");

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (interval > 0)
    self->autosave_id = g_timeout_add_seconds (interval, autosave_cb, self);
}

static void
delete_draft (SwWindow *self)
{
  if (self->draft_path != NULL)
    g_unlink (self->draft_path);
}

/* --- closing -------------------------------------------------------------------------- */

static gboolean
close_idle_cb (gpointer user_data)
{
  SwWindow *self = user_data;

  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SwWindow         *self)
{
  self->close_dialog = NULL;

  /* The dialog is transient for the window: close it after the dialog is done. */
  if (g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (self), g_object_unref);
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      save (self);
    }
}

static void
ask_before_closing (SwWindow *self)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }

  /* Translators: the placeholder is a file name */
  body = g_strdup_printf (_("“%s” has changes that were not saved. If you close it without "
                            "saving, they are lost."), sw_document_get_title (self->document));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  self->close_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
sw_window_close_request (GtkWindow *window)
{
  SwWindow *self = SW_WINDOW (window);
  int width;
  int height;

  if (!self->close_confirmed && sw_document_get_modified (self->document))
    {
      ask_before_closing (self);
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  delete_draft (self);

  return GTK_WINDOW_CLASS (sw_window_parent_class)->close_request (window);
}

/* --- actions -------------------------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (SW_WINDOW (widget));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_as (SW_WINDOW (widget));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!sw_document_undo (self->document, &error))
    toast (self, error->message);
  update_actions (self);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SwWindow *self = SW_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (!sw_document_redo (self->document, &error))
    toast (self, error->message);
  update_actions (self);
}

/**
 * sw_window_set_view:
 * @view: "design", "code" or "run"
 */
void
sw_window_set_view (SwWindow   *self,
                    const char *view)
{
  g_return_if_fail (SW_IS_WINDOW (self));
  g_return_if_fail (g_strcmp0 (view, "design") == 0 || g_strcmp0 (view, "code") == 0 ||
                    g_strcmp0 (view, "run") == 0);

  /* Leaving the code view applies what was typed at once. */
  if (g_strcmp0 (view, "code") != 0 &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "code") == 0)
    sw_code_view_flush (SW_CODE_VIEW (self->code_view));
  adw_view_stack_set_visible_child_name (self->view_stack, view);
}

const char *
sw_window_get_view (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  /* The action asks before the template is built, and after it is disposed. */
  if (self->view_stack == NULL)
    return "design";
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

static void
visible_child_cb (AdwViewStack *stack,
                  GParamSpec   *pspec,
                  SwWindow     *self)
{
  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* --- drop ----------------------------------------------------------------------------- */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SwWindow      *self)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;

  sw_window_open_anywhere (self, g_value_get_object (value));
  return TRUE;
}

/* --- GObject -------------------------------------------------------------------------- */

static void
sw_window_dispose (GObject *object)
{
  SwWindow *self = SW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  if (self->close_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->close_dialog));
  self->close_dialog = NULL;
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
  g_clear_object (&self->settings);
  /* A deploy or start in flight keeps the monitor alive after the window: it is abandoned,
   * and nothing the monitor emits reaches this window any more. */
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      sw_run_monitor_cancel (SW_RUN_MONITOR (self->monitor));
    }
  if (self->target_picker != NULL)
    g_signal_handlers_disconnect_by_data (self->target_picker, self);
  self->target_picker = NULL;
  self->run_button = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_WINDOW);
  /* (owned by the template's widgets, gone with them) */
  self->code_view = NULL;
  self->validation_panel = NULL;
  self->canvas = NULL;
  self->inspector = NULL;
  self->browser = NULL;
  self->run_canvas = NULL;
  self->monitor = NULL;

  g_clear_object (&self->document);

  G_OBJECT_CLASS (sw_window_parent_class)->dispose (object);
}

static void
sw_window_finalize (GObject *object)
{
  SwWindow *self = SW_WINDOW (object);

  g_free (self->draft_path);

  G_OBJECT_CLASS (sw_window_parent_class)->finalize (object);
}

static void
sw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SwWindow *self = SW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, sw_document_get_file (self->document));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_VIEW:
      g_value_set_string (value, sw_window_get_view (self));
      break;
    case PROP_SHOW_DIAGRAM:
      g_value_set_boolean (value, self->run_flap != NULL &&
                                  adw_flap_get_reveal_flap (self->run_flap));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SwWindow *self = SW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      sw_window_set_view (self, g_value_get_string (value));
      break;
    case PROP_SHOW_DIAGRAM:
      if (self->run_flap != NULL)
        adw_flap_set_reveal_flap (self->run_flap, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define NARROW_WIDTH 500

static void
sw_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  SwWindow *self = SW_WINDOW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  GTK_WIDGET_CLASS (sw_window_parent_class)->size_allocate (widget, width, height, baseline);
  /* (the header bar follows once this allocation is done) */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      fit_header_later (self);
    }
}

static void
sw_window_class_init (SwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sw_window_dispose;
  object_class->finalize = sw_window_finalize;
  object_class->get_property = sw_window_get_property;
  object_class->set_property = sw_window_set_property;
  window_class->close_request = sw_window_close_request;
  widget_class->size_allocate = sw_window_size_allocate;

  /**
   * SwWindow:file: (getter get_file)
   *
   * The document's file, or %NULL while it is untitled.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * SwWindow:loading: (getter get_loading)
   *
   * Whether a file is being loaded or saved.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SW_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * SwWindow:view:
   *
   * The view shown: "design" or "code".
   */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "design",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SwWindow:show-diagram:
   *
   * Whether the Runs view shows the diagram; when the window is too narrow for it beside
   * the monitor, it slides over the monitor ("win.show-diagram", F9, the sidebar button).
   */
  properties[PROP_SHOW_DIAGRAM] =
    g_param_spec_boolean ("show-diagram", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.focus-inspector", NULL,
                                   focus_inspector_action);
  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  gtk_widget_class_install_property_action (widget_class, "win.show-diagram", "show-diagram");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stepwise/Stepwise/sw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SwWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, redo_button);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, run_slot);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, run_canvas_slot);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, monitor_slot);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, run_flap);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, view_squeezer);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, diagram_toggle);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, browser_slot);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, canvas_slot);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, inspector_slot);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, code_slot);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, validation_slot);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, browser_flap);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, inspector_flap);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, browser_toggle);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, inspector_toggle);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, recent_submenu);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, browser_handle);
  gtk_widget_class_bind_template_child (widget_class, SwWindow, inspector_handle);
}

static void
sw_window_init (SwWindow *self)
{
  GtkDropTarget *drop_target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SW_WINDOW_SCHEMA_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->document = sw_document_new ();
  g_signal_connect (self->document, "notify::title", G_CALLBACK (document_notify_cb), self);
  g_signal_connect (self->document, "notify::modified", G_CALLBACK (document_notify_cb), self);
  g_signal_connect (self->document, "notify::file", G_CALLBACK (document_notify_cb), self);
  g_signal_connect (self->document, "notify::can-undo", G_CALLBACK (document_notify_cb), self);
  g_signal_connect (self->document, "notify::can-redo", G_CALLBACK (document_notify_cb), self);
  g_signal_connect (self->document, "notify::machine", G_CALLBACK (document_machine_cb), self);
  g_signal_connect_object (sw_document_get_machine (self->document), "changed",
                           G_CALLBACK (machine_changed_cb), self, 0);

  build_views (self);
  self->validation_panel = sw_validation_panel_new (self->document);
  gtk_box_append (self->validation_slot, self->validation_panel);
  g_signal_connect_object (self->validation_panel, "diagnostic-activated",
                           G_CALLBACK (diagnostic_activated_cb), self, 0);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_child_cb), self, 0);
  g_signal_connect_object (self->view_squeezer, "notify::visible-child",
                           G_CALLBACK (fit_header_later), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);

  g_signal_connect_object (self->settings, "changed::autosave-interval",
                           G_CALLBACK (autosave_interval_changed_cb), self, 0);
  autosave_interval_changed_cb (self->settings, "autosave-interval", self);

  drop_target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));

  update_title (self);
  update_actions (self);
  update_header (self);
}

/**
 * sw_window_new:
 * @application: (nullable): the application the window belongs to
 *
 * Returns: (transfer none): a new window with an untitled workflow, owned by GTK until it
 *   is destroyed
 */
SwWindow *
sw_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * sw_window_get_file:
 *
 * Returns: (transfer none) (nullable): the document's file, or %NULL
 */
GFile *
sw_window_get_file (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return sw_document_get_file (self->document);
}

/**
 * sw_window_get_loading:
 *
 * Returns: whether a file is being loaded or saved
 */
gboolean
sw_window_get_loading (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), FALSE);

  return self->loading;
}

/**
 * sw_window_get_document:
 *
 * Returns: (transfer none): the document shown
 */
SwDocument *
sw_window_get_document (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->document;
}

/**
 * sw_window_get_run_slot:
 *
 * Returns: (transfer none): the box at the end of the header bar where the Run button goes
 */
GtkBox *
sw_window_get_run_slot (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->run_slot;
}

/**
 * sw_window_get_code_view:
 *
 * Returns: (transfer none): the #SwCodeView
 */
GtkWidget *
sw_window_get_code_view (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->code_view;
}

/**
 * sw_window_get_validation_panel:
 *
 * Returns: (transfer none): the #SwValidationPanel
 */
GtkWidget *
sw_window_get_validation_panel (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->validation_panel;
}

/**
 * sw_window_get_canvas:
 *
 * Returns: (transfer none): the canvas (or its placeholder)
 */
GtkWidget *
sw_window_get_canvas (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->canvas;
}

/**
 * sw_window_get_states_browser:
 *
 * Returns: (transfer none): the states browser
 */
GtkWidget *
sw_window_get_states_browser (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->browser;
}

/**
 * sw_window_get_run_monitor:
 *
 * Returns: (transfer none): the run monitor of the Runs view
 */
GtkWidget *
sw_window_get_run_monitor (SwWindow *self)
{
  g_return_val_if_fail (SW_IS_WINDOW (self), NULL);

  return self->monitor;
}

/**
 * sw_window_add_toast:
 * @toast: (transfer full): the toast
 */
void
sw_window_add_toast (SwWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SW_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * sw_window_save:
 * @file: (nullable): where to save; %NULL for the document's own file
 * @format: the notation
 *
 * Saves without asking; #SwWindow:loading is %TRUE until it is done.
 */
void
sw_window_save (SwWindow           *self,
                GFile              *file,
                SwDefinitionFormat  format)
{
  g_return_if_fail (SW_IS_WINDOW (self));

  sw_window_save_file (self, file, format);
}
