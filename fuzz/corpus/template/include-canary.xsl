<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:include href="@CANARY@"/>
<xsl:template match="/"><html><body><xsl:call-template name="secret"/></body></html></xsl:template>
</xsl:stylesheet>
