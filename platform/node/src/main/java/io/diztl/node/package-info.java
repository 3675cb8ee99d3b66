/** A diztl node and the client of its local control API. */
package io.diztl.node;
