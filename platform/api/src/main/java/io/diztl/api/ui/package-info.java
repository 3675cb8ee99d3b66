/**
 * User interfaces: plugins implement {@link io.diztl.api.ui.UiContribution} to offer a way to use a
 * node (a web page, a desktop window) through the {@link io.diztl.api.ui.NodeFacade}.
 */
package io.diztl.api.ui;
