package io.ap2p.core.discovery;

import java.util.regex.Pattern;

/**
 * The price of one invocation.
 *
 * @param amount non-negative amount
 * @param currency a currency or credit unit code, such as {@code USD} or {@code CREDIT}
 */
public record Price(double amount, String currency) {

  private static final Pattern CURRENCY = Pattern.compile("[A-Z][A-Z0-9]{1,11}");

  /** Checks the amount and the currency code. */
  public Price {
    if (!(amount >= 0) || Double.isInfinite(amount)) {
      throw new IllegalArgumentException("price amount must be a finite number >= 0");
    }
    if (!CURRENCY.matcher(currency).matches()) {
      throw new IllegalArgumentException(
          "currency must be 2-12 upper-case letters or digits, like USD: " + currency);
    }
  }
}
