package org.doudi.identity;

import java.util.Optional;

/**
 * Layer 3: the first six characters. Never a refusal: a number keeps the code it was first issued under for
 * life, and the bundled history can be incomplete, so anything surprising is a warning for staff.
 */
public sealed interface AddressResult extends Explained
        permits AddressResult.KnownRegion, AddressResult.RetiredBeforeBirth, AddressResult.UnknownToHistory,
                AddressResult.ResidencePermitArea, AddressResult.ForeignCardIssuer, NotChecked {

    /** The code named this region in the birth year, or first came into use after it. */
    record KnownRegion(Region region) implements AddressResult {
        @Override
        public Severity severity() {
            return Severity.OK;
        }

        @Override
        public String code() {
            return "KNOWN_REGION";
        }

        @Override
        public String zh() {
            return "地址码 " + region.code() + " " + region.fullName() + "（" + region.years() + " 年使用）";
        }

        @Override
        public String en() {
            return "Address code " + region.code() + " is " + region.fullName() + " (in use " + region.years() + ").";
        }
    }

    /** The code exists, but every meaning it had ended before the holder was born. */
    record RetiredBeforeBirth(Region lastMeaning) implements AddressResult {
        @Override
        public Severity severity() {
            return Severity.WARNING;
        }

        @Override
        public String code() {
            return "RETIRED_BEFORE_BIRTH";
        }

        @Override
        public String zh() {
            return "地址码 " + lastMeaning.code() + "（" + lastMeaning.fullName() + "）在出生前已停用，请核对证件";
        }

        @Override
        public String en() {
            return "Address code " + lastMeaning.code() + " (" + lastMeaning.fullName()
                    + ") went out of use before the birth date; please check the card.";
        }
    }

    record UnknownToHistory(String addressCode) implements AddressResult {
        @Override
        public Severity severity() {
            return Severity.WARNING;
        }

        @Override
        public String code() {
            return "UNKNOWN_TO_HISTORY";
        }

        @Override
        public String zh() {
            return "地址码 " + addressCode + " 不在 1981–2024 年行政区划代码表中，请工作人员核对证件";
        }

        @Override
        public String en() {
            return "Address code " + addressCode + " is not in the 1981–2024 region code history; staff should check the card.";
        }
    }

    /** 810000, 820000 or 830000: the permit names the holder's home region, not a county. */
    record ResidencePermitArea(DocumentType permit) implements AddressResult {
        @Override
        public Severity severity() {
            return Severity.OK;
        }

        @Override
        public String code() {
            return "RESIDENCE_PERMIT_AREA";
        }

        @Override
        public String zh() {
            return "地址码表示" + switch (permit) {
                case HONG_KONG_RESIDENCE_PERMIT -> "香港";
                case MACAO_RESIDENCE_PERMIT -> "澳门";
                default -> "台湾";
            } + "居民";
        }

        @Override
        public String en() {
            return "The address code stands for " + switch (permit) {
                case HONG_KONG_RESIDENCE_PERMIT -> "Hong Kong";
                case MACAO_RESIDENCE_PERMIT -> "Macao";
                default -> "Taiwan";
            } + " residents.";
        }
    }

    /**
     * Foreign permanent resident card (2023): characters 2–3 are the province where the card was applied for,
     * 4–6 the nationality code (ISO 3166-1 numeric, as GB/T 2659; not named here: no country table is bundled).
     */
    record ForeignCardIssuer(String provinceCode, Optional<Region> province, String nationalityCode) implements AddressResult {
        @Override
        public Severity severity() {
            return province.isPresent() ? Severity.OK : Severity.WARNING;
        }

        @Override
        public String code() {
            return province.isPresent() ? "FOREIGN_CARD_ISSUER" : "FOREIGN_CARD_ISSUER_UNKNOWN_PROVINCE";
        }

        @Override
        public String zh() {
            return province.map(p -> "受理地 " + p.fullName()).orElse("受理地省份代码 " + provinceCode + " 不在代码表中，请核对")
                    + "，国籍代码 " + nationalityCode;
        }

        @Override
        public String en() {
            return province.map(p -> "Applied for in " + p.fullName())
                    .orElse("Province code " + provinceCode + " is not in the code history; please check")
                    + "; nationality code " + nationalityCode + ".";
        }
    }
}
