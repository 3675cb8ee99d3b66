package io.diztl.ui.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of a search's grouped results, as the search page shows it.
 *
 * @param sid the server-side search's id
 * @param form what was searched
 * @param groups this page's rows
 * @param page this page, from 1
 * @param pages how many pages there are (at least 1)
 * @param groupCount rows over all pages
 * @param hitCount results over all pages
 * @param sort the sort key: {@code name}, {@code size}, {@code type} or {@code nodes}
 * @param desc whether sorted in descending order
 * @param running whether nodes may still answer
 * @param summary the summary line
 * @param nodeLines how each node fared, one line each
 * @param error why the search failed, empty unless it did
 * @param downloads this node's downloads, reference to state word
 */
public record ResultsView(
    String sid,
    SearchForm form,
    List<Group> groups,
    int page,
    int pages,
    int groupCount,
    int hitCount,
    String sort,
    boolean desc,
    boolean running,
    String summary,
    List<String> nodeLines,
    String error,
    Map<String, String> downloads) {

  /** The address of this search sorted by {@code key}, flipping the order when it is current. */
  public String sortLink(String key) {
    boolean flip = key.equals(sort) ? !desc : Sort.of(key).descendingByDefault();
    return link(key, flip, 1);
  }

  /** The address of another page of this search. */
  public String pageLink(int number) {
    return link(sort, desc, number);
  }

  /** The page numbers to link: the first, the last and two around this one; 0 marks a gap. */
  public List<Integer> pageNumbers() {
    List<Integer> numbers = new ArrayList<>();
    for (int n = 1; n <= pages; n++) {
      if (n == 1 || n == pages || Math.abs(n - page) <= 2) {
        numbers.add(n);
      } else if (numbers.getLast() != 0) {
        numbers.add(0);
      }
    }
    return numbers;
  }

  /** The {@code aria-sort} value of a column. */
  public String ariaSort(String key) {
    return key.equals(sort) ? (desc ? "descending" : "ascending") : "none";
  }

  /** The address of the live updates of this page. */
  public String liveLink() {
    return "/search/live?sid="
        + sid
        + "&sort="
        + sort
        + "&dir="
        + (desc ? "desc" : "asc")
        + "&page="
        + page;
  }

  private String link(String key, boolean descending, int number) {
    String params = form.query();
    return "/search?"
        + (params.isEmpty() ? "" : params + "&")
        + "sid="
        + sid
        + "&sort="
        + key
        + "&dir="
        + (descending ? "desc" : "asc")
        + "&page="
        + number;
  }
}
